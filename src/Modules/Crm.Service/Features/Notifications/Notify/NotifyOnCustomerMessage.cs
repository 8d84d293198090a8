using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Notifications.Notify;

/// <summary>The owner of a case learns that the customer answered on it (and whether that reopened it).</summary>
internal sealed class NotifyOnCustomerMessage(NotificationWriter writer) : IIntegrationEventHandler<CustomerMessageReceived>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<CustomerMessageReceived>> events, CancellationToken cancellationToken) =>
        writer.WriteAsync<NotifyOnCustomerMessage, CustomerMessageReceived>(events, NotificationsAsync, cancellationToken);

    private static async Task<IReadOnlyList<AgentNotification>> NotificationsAsync(
        CrmDbContext db, IReadOnlyList<EventEnvelope<CustomerMessageReceived>> events, CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.Event.CaseId).Distinct().ToList();
        var cases = await db.Set<ServiceCase>().AsNoTracking().Where(c => ids.Contains(c.Id) && c.OwnerId != null)
            .Select(c => new { c.Id, c.Subject, c.OwnerId }).ToDictionaryAsync(c => c.Id, cancellationToken);
        return [.. events
            .Where(e => cases.ContainsKey(e.Event.CaseId))
            .Select(e => AgentNotification.For(cases[e.Event.CaseId].OwnerId!, AgentNotificationKind.CustomerMessage, e.Event.CaseId,
                $"The customer {(e.Event.Reopened ? "answered and reopened" : "answered on")} {ServiceCase.NumberOf(e.Event.CaseId)}: {cases[e.Event.CaseId].Subject}",
                e.Event.AtUtc))];
    }
}
