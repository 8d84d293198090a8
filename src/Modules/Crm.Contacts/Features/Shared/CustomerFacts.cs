using System.Runtime.CompilerServices;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Shared;

/// <summary>The <see cref="ICustomerFacts"/> contract: no-tracking projections streamed from one short-lived context.</summary>
internal sealed class CustomerFacts(IDbContextFactory<CrmDbContext> contextFactory) : ICustomerFacts
{
    public async IAsyncEnumerable<CustomerExternalId> StreamExternalIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Set<Customer>().AsNoTracking()
            .Where(c => c.ExternalId != null)
            .OrderBy(c => c.Id)
            .Select(c => new CustomerExternalId(c.Id, c.ExternalId!));
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    public async IAsyncEnumerable<CustomerInteractionCount> StreamInteractionCountsAsync(
        DateTime? fromUtc = null, DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var order = InteractionType.Order;
        var interactions = db.Set<Interaction>().AsNoTracking().Where(i => i.Type != order);
        if (fromUtc is { } from)
        {
            interactions = interactions.Where(i => i.OccurredAtUtc >= from);
        }

        if (beforeUtc is { } before)
        {
            interactions = interactions.Where(i => i.OccurredAtUtc < before);
        }

        var query = interactions
            .GroupBy(i => i.CustomerId)
            .Select(g => new { CustomerId = g.Key, Count = g.Count() })
            .OrderBy(g => g.CustomerId);
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new CustomerInteractionCount(row.CustomerId, row.Count);
        }
    }
}
