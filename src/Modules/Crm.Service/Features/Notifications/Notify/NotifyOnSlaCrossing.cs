using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Notifications;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Notifications.Notify;

/// <summary>The owner of a case and the supervisor of its queue learn that an SLA target reached its warning.</summary>
internal sealed class NotifyOnSlaWarning(NotificationWriter writer) : IIntegrationEventHandler<SlaWarning>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<SlaWarning>> events, CancellationToken cancellationToken) =>
        writer.WriteAsync<NotifyOnSlaWarning, SlaWarning>(events, (db, fresh, ct) =>
            SlaNotifications.ForAsync(db, [.. fresh.Select(e => new SlaCrossingNotice(e.Event.CaseId, e.Event.Target, e.Event.DueAtUtc, e.Event.AtUtc, Breach: false))], ct),
            cancellationToken);
}

/// <summary>The owner of a case and the supervisor of its queue learn that an SLA target was breached.</summary>
internal sealed class NotifyOnSlaBreach(NotificationWriter writer) : IIntegrationEventHandler<SlaBreached>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<SlaBreached>> events, CancellationToken cancellationToken) =>
        writer.WriteAsync<NotifyOnSlaBreach, SlaBreached>(events, (db, fresh, ct) =>
            SlaNotifications.ForAsync(db, [.. fresh.Select(e => new SlaCrossingNotice(e.Event.CaseId, e.Event.Target, e.Event.DueAtUtc, e.Event.AtUtc, Breach: true))], ct),
            cancellationToken);
}

/// <summary>A warning or breach of a case's target, as the sweep recorded it (once each).</summary>
internal sealed record SlaCrossingNotice(long CaseId, SlaTarget Target, DateTime DueAtUtc, DateTime AtUtc, bool Breach);

/// <summary>Who hears of an SLA crossing (the case's owner and its queue's supervisor, now) and what they read.</summary>
internal static class SlaNotifications
{
    public static async Task<IReadOnlyList<AgentNotification>> ForAsync(
        CrmDbContext db, IReadOnlyList<SlaCrossingNotice> crossings, CancellationToken cancellationToken)
    {
        var ids = crossings.Select(c => c.CaseId).Distinct().ToList();
        var cases = await (
                from c in db.Set<ServiceCase>().AsNoTracking()
                where ids.Contains(c.Id)
                join q in db.Set<ServiceQueue>() on c.QueueId equals q.Id into queues
                from q in queues.DefaultIfEmpty()
                select new { c.Id, c.Subject, c.OwnerId, SupervisorId = q == null ? null : q.SupervisorId })
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        var notifications = new List<AgentNotification>();
        foreach (var crossing in crossings)
        {
            if (!cases.TryGetValue(crossing.CaseId, out var c))
            {
                continue;
            }

            // The owner and the supervisor are told now, whoever they were when the target was crossed.
            var text = $"{(crossing.Breach ? "SLA breached" : "SLA warning")}: {TargetName(crossing.Target)} of {ServiceCase.NumberOf(c.Id)} " +
                $"{(crossing.Breach ? "was" : "is")} due {crossing.DueAtUtc:yyyy-MM-dd HH:mm} UTC · {c.Subject}";
            foreach (var recipient in new[] { c.OwnerId, c.SupervisorId }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                notifications.Add(AgentNotification.For(recipient,
                    crossing.Breach ? AgentNotificationKind.SlaBreached : AgentNotificationKind.SlaWarning, c.Id, text, crossing.AtUtc));
            }
        }

        return notifications;
    }

    private static string TargetName(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => "the first response",
        SlaTarget.NextResponse => "the next response",
        _ => "the resolution",
    };
}
