using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Events.Outbox;

/// <summary>How a handler that writes to the CCR handles each event once in effect, however often it is delivered.</summary>
public static class Inbox
{
    /// <summary>
    /// Of the events given to <typeparamref name="THandler"/>, those it has not handled before. They are recorded as handled
    /// on <paramref name="db"/>: save it in the same transaction as the handler's own writes, so the record and the effect
    /// commit together (a second handler racing on the same event fails on the record's key and is retried).
    /// </summary>
    public static async Task<IReadOnlyList<EventEnvelope<TEvent>>> FirstDeliveriesAsync<THandler, TEvent>(
        this CrmDbContext db, IReadOnlyList<EventEnvelope<TEvent>> events, DateTime nowUtc, CancellationToken cancellationToken)
        where THandler : IIntegrationEventHandler<TEvent>
        where TEvent : IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        var handler = typeof(THandler).FullName!;
        var ids = events.Select(e => e.EventId).Distinct().ToList();
        var seen = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            seen.UnionWith(await db.InboxEntries.Where(e => e.Handler == handler && chunk.Contains(e.EventId)).Select(e => e.EventId)
                .ToListAsync(cancellationToken));
        }

        var fresh = events.Where(e => !seen.Contains(e.EventId)).DistinctBy(e => e.EventId).ToList();
        db.InboxEntries.AddRange(fresh.Select(e => new InboxEntry { Handler = handler, EventId = e.EventId, HandledAtUtc = nowUtc }));
        return fresh;
    }
}
