using Crm.Kernel;
using Crm.Kernel.Events;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Notifications;
using Crm.Service.Features.Notifications.Notify;

namespace Crm.Service.Features.Sla.Escalation;

/// <summary>Every Manager hears in the app of an escalation whose rule says so (once per event: the writer keeps the inbox).</summary>
internal sealed class NotifyManagersOnEscalation(NotificationWriter writer, UserDirectory users) : IIntegrationEventHandler<SlaEscalated>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<SlaEscalated>> events, CancellationToken cancellationToken) =>
        writer.WriteAsync<NotifyManagersOnEscalation, SlaEscalated>(events, async (_, fresh, ct) =>
        {
            var wanted = fresh.Where(e => e.Event.NotifyManagers).ToList();
            if (wanted.Count == 0)
            {
                return [];
            }

            var managers = await users.InRoleAsync(CrmRoles.Manager, ct);
            return [.. wanted.SelectMany(e => managers.Select(m => AgentNotification.For(m.Id, AgentNotificationKind.SlaEscalated, e.Event.CaseId,
                $"Escalated {ServiceCase.NumberOf(e.Event.CaseId)}: rule \"{e.Event.RuleName}\" on the {Domain.Sla.EscalationRule.TargetName(e.Event.Target)} " +
                $"{(e.Event.Breach ? "breach" : "warning")}: {e.Event.Actions}.", e.Event.AtUtc)))];
        }, cancellationToken);
}
