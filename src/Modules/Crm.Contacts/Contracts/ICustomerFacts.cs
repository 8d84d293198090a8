namespace Crm.Contacts.Contracts;

/// <summary>A customer's id in a source system (web shop, ERP, imported file).</summary>
public readonly record struct CustomerExternalId(long CustomerId, string ExternalId);

/// <summary>How many contacts a customer cost in a period (what cost-to-serve multiplies by a rate).</summary>
public readonly record struct CustomerInteractionCount(long CustomerId, int Interactions);

/// <summary>Bulk facts about customers for analytics and exports, aggregated in SQL and streamed in customer id order.</summary>
public interface ICustomerFacts
{
    /// <summary>Every customer that has an external id, ordered by customer id.</summary>
    IAsyncEnumerable<CustomerExternalId> StreamExternalIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Interactions per customer (customers with at least one), ordered by customer id, counting only contacts that cost
    /// service effort: order entries are left out (the order itself carries its value). Optionally only those that occurred in
    /// [<paramref name="fromUtc"/>, <paramref name="beforeUtc"/>).
    /// </summary>
    IAsyncEnumerable<CustomerInteractionCount> StreamInteractionCountsAsync(
        DateTime? fromUtc = null, DateTime? beforeUtc = null, CancellationToken cancellationToken = default);
}
