using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Merge;

/// <summary>
/// Two customers were merged in Contacts: their orders, opportunities and converted leads now belong to the survivor.
/// Set-based updates in one transaction (no per-row loading, no version change: re-pointing is not an edit).
/// </summary>
internal sealed class CustomersMergedHandler(IDbContextFactory<CrmDbContext> contextFactory) : IIntegrationEventHandler<CustomersMerged>
{
    // Re-pointing is idempotent (a second delivery finds nothing left on the merged customer), so no inbox is needed.
    public async Task HandleAsync(IReadOnlyList<EventEnvelope<CustomersMerged>> events, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (survivor, merged) in events.Select(e => (e.Event.SurvivorId, e.Event.MergedId)))
        {
            await db.Set<Order>().Where(o => o.CustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, (long?)survivor), cancellationToken);
            await db.Set<Opportunity>().Where(o => o.CustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, (long?)survivor), cancellationToken);
            await db.Set<Lead>().Where(l => l.ConvertedCustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConvertedCustomerId, (long?)survivor), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
