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
    public async Task HandleAsync(CustomersMerged integrationEvent, CancellationToken cancellationToken)
    {
        var (survivor, merged) = (integrationEvent.SurvivorId, integrationEvent.MergedId);
        await using var outer = await contextFactory.CreateDbContextAsync(cancellationToken);
        await outer.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Set<Order>().Where(o => o.CustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, (long?)survivor), ct);
            await db.Set<Opportunity>().Where(o => o.CustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, (long?)survivor), ct);
            await db.Set<Lead>().Where(l => l.ConvertedCustomerId == merged)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConvertedCustomerId, (long?)survivor), ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }
}
