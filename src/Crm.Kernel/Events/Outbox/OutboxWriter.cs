using System.Data.Common;
using System.Text.Json;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Kernel.Events.Outbox;

/// <summary>
/// Turns raised events into outbox messages, one per handler, in the transaction of the change that raised them. In a
/// process with a dispatcher (the web host) the messages are leased to it and handed over after the commit, so they are
/// delivered within milliseconds without being read back; elsewhere (the command line) they wait for a dispatcher's sweep.
/// </summary>
public sealed class OutboxWriter(EventSubscriptions subscriptions, TimeProvider clock, OutboxOptions options, ILocalOutbox? local = null)
{
    /// <summary>The messages of <paramref name="events"/> for every handler that subscribes to them.</summary>
    public IReadOnlyList<OutboxMessage> Messages(IEnumerable<IIntegrationEvent> events, string raisedBy)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var messages = new List<OutboxMessage>();
        foreach (var integrationEvent in events)
        {
            var handlers = subscriptions.Of(integrationEvent.GetType());
            if (handlers.Count == 0)
            {
                continue;
            }

            var eventId = Guid.CreateVersion7();
            var payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), EventSubscriptions.Json);
            foreach (var handler in handlers)
            {
                messages.Add(new OutboxMessage
                {
                    Id = Guid.CreateVersion7(),
                    EventId = eventId,
                    EventType = handler.EventTypeName,
                    Handler = handler.Subscription.Key,
                    Payload = payload,
                    RaisedBy = raisedBy,
                    OccurredAtUtc = now,
                    AvailableAtUtc = now,
                    LeaseToken = local?.Token,
                    LeasedUntilUtc = local is null ? null : now + options.Lease,
                });
            }
        }

        return messages;
    }

    /// <summary>
    /// Writes the messages with prepared INSERTs in the transaction open on <paramref name="db"/> (used at commit time,
    /// when events were raised after the context's last save).
    /// </summary>
    public static async Task InsertAsync(CrmDbContext db, DbTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var writer = BulkWriter.Join(db, transaction);
        foreach (var message in messages)
        {
            await writer.WriteAsync(message, includeKey: true, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Hands committed messages to this process's dispatcher, if it has one.</summary>
    public void Committed(IReadOnlyList<OutboxMessage> messages)
    {
        if (messages.Count > 0)
        {
            local?.Deliver(messages);
        }
    }
}

/// <summary>The dispatcher of this process, which takes the messages written here as soon as they are committed.</summary>
public interface ILocalOutbox
{
    /// <summary>Identifies this dispatcher's leases.</summary>
    Guid Token { get; }

    void Deliver(IReadOnlyList<OutboxMessage> messages);
}
