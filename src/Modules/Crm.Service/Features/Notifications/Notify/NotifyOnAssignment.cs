using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Notifications.Notify;

/// <summary>An agent learns that a case was given to them by someone else (a colleague, a Manager, or routing).</summary>
internal sealed class NotifyOnAssignment(NotificationWriter writer) : IIntegrationEventHandler<CaseAssigned>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<CaseAssigned>> events, CancellationToken cancellationToken) =>
        writer.WriteAsync<NotifyOnAssignment, CaseAssigned>(events, NotificationsAsync, cancellationToken);

    private static async Task<IReadOnlyList<AgentNotification>> NotificationsAsync(
        CrmDbContext db, IReadOnlyList<EventEnvelope<CaseAssigned>> events, CancellationToken cancellationToken)
    {
        var wanted = events.Where(e => e.Event.AssignedBy != e.Event.OwnerId).ToList();
        var ids = wanted.Select(e => e.Event.CaseId).Distinct().ToList();
        var cases = await db.Set<ServiceCase>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Subject, c.OwnerId }).ToDictionaryAsync(c => c.Id, cancellationToken);

        // A case handed on again before the event arrived: only its owner now hears of it.
        return [.. wanted
            .Where(e => cases.TryGetValue(e.Event.CaseId, out var c) && c.OwnerId == e.Event.OwnerId)
            .Select(e => AgentNotification.For(e.Event.OwnerId, AgentNotificationKind.CaseAssigned, e.Event.CaseId,
                $"{ServiceCase.NumberOf(e.Event.CaseId)} was {(e.Event.AssignedBy == Cases.Routing.CaseRouting.Actor ? "routed" : "assigned")} to you: {cases[e.Event.CaseId].Subject}",
                e.Event.AtUtc))];
    }
}
