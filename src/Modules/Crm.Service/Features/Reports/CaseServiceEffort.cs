using System.Runtime.CompilerServices;
using Crm.Analytics.Contracts;
using Crm.Kernel.Data;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Reports;

/// <summary>
/// Analytics' <see cref="IServiceEffort"/> port over the cases: one grouped query (by customer, over the customer/opened
/// index), streamed in customer id order. No role check: the recompute runs as the system.
/// </summary>
internal sealed class CaseServiceEffort(IDbContextFactory<CrmDbContext> contextFactory) : IServiceEffort
{
    public async IAsyncEnumerable<CustomerCaseCount> StreamCaseCountsAsync(
        DateTime? fromUtc = null, DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cases = db.Set<ServiceCase>().AsNoTracking();
        if (fromUtc is { } from)
        {
            cases = cases.Where(c => c.OpenedAtUtc >= from);
        }

        if (beforeUtc is { } before)
        {
            cases = cases.Where(c => c.OpenedAtUtc < before);
        }

        // A case merged into another is the same request: its effort is counted on the case it joined.
        var merged = db.Set<CaseLink>().Where(l => l.Kind == CaseLinkKind.Merge).Select(l => l.CaseId);
        var counts = cases
            .Where(c => !merged.Contains(c.Id))
            .GroupBy(c => c.CustomerId)
            .Select(g => new { CustomerId = g.Key, Cases = g.Count() })
            .OrderBy(g => g.CustomerId)
            .AsAsyncEnumerable();
        await foreach (var row in counts.WithCancellation(cancellationToken))
        {
            yield return new CustomerCaseCount(row.CustomerId, row.Cases);
        }
    }
}
