using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Interactions.Writing;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Contacts.Features.Interactions;

/// <summary>
/// Puts the contacts other modules report (orders placed, cancelled, returned) on the customers' timelines, in one
/// transaction per batch together with the events' idempotency records, so a redelivered event adds nothing.
/// </summary>
internal sealed partial class ReportedInteractionsHandler(
    IDbContextFactory<CrmDbContext> contexts, InteractionWriter writer, TimeProvider clock, ILogger<ReportedInteractionsHandler> logger)
    : IIntegrationEventHandler<InteractionReported>
{
    public async Task HandleAsync(IReadOnlyList<EventEnvelope<InteractionReported>> events, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fresh = await db.FirstDeliveriesAsync<ReportedInteractionsHandler, InteractionReported>(events, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var customerIds = fresh.Select(e => e.Event.Entry.CustomerId).Distinct().ToList();
        var known = new HashSet<long>();
        foreach (var chunk in customerIds.Chunk(500))
        {
            known.UnionWith(await db.Set<Customer>().Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        var entries = fresh.Select(e => e.Event.Entry).Where(e => known.Contains(e.CustomerId)).ToList();
        if (entries.Count < fresh.Count)
        {
            // The customer was erased or merged away after the change that reported the contact: nothing to put it on.
            LogDropped(fresh.Count - entries.Count);
        }

        await writer.RecordManyAsync(db, entries, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} reported interaction(s) of customers no longer in the CCR")]
    private partial void LogDropped(int count);
}
