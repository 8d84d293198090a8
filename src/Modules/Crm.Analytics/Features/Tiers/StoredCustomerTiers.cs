using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Tiers;

/// <summary><see cref="ICustomerTiers"/> over <c>Analytics_CustomerValues</c> (its key is the customer id).</summary>
internal sealed class StoredCustomerTiers(IDbContextFactory<CrmDbContext> contextFactory) : ICustomerTiers
{
    /// <summary>Ids per query: well under SQLite's and SQL Server's parameter limits.</summary>
    private const int Chunk = 1_000;

    /// <summary>From this many ids on, one pass over the customers with a tier beats a query per chunk (a year's service report asks for hundreds of thousands).</summary>
    private const int ReadAllFrom = 20 * Chunk;

    public async Task<CustomerTier> SpendTierAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tier = await db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.CustomerId == customerId)
            .Select(v => (byte?)v.SpendTier)
            .SingleOrDefaultAsync(cancellationToken);
        return (CustomerTier)(tier ?? 0);
    }

    public async Task<IReadOnlyDictionary<long, CustomerTier>> SpendTiersAsync(
        IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken = default)
    {
        var tiers = customerIds.Distinct().ToDictionary(id => id, _ => CustomerTier.None);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (tiers.Count >= ReadAllFrom)
        {
            var tiered = db.Set<CustomerValueRecord>().AsNoTracking().Where(v => v.SpendTier > 0)
                .Select(v => new { v.CustomerId, v.SpendTier }).AsAsyncEnumerable();
            await foreach (var row in tiered.WithCancellation(cancellationToken))
            {
                if (tiers.ContainsKey(row.CustomerId))
                {
                    tiers[row.CustomerId] = (CustomerTier)row.SpendTier;
                }
            }

            return tiers;
        }

        foreach (var chunk in tiers.Keys.ToArray().Chunk(Chunk))
        {
            var rows = await db.Set<CustomerValueRecord>().AsNoTracking()
                .Where(v => chunk.Contains(v.CustomerId))
                .Select(v => new { v.CustomerId, v.SpendTier })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                tiers[row.CustomerId] = (CustomerTier)row.SpendTier;
            }
        }

        return tiers;
    }
}
