namespace Crm.Analytics.Contracts;

/// <summary>Service cases a customer opened in a period: the service effort the cost to serve charges per case.</summary>
public readonly record struct CustomerCaseCount(long CustomerId, int Cases);

/// <summary>
/// The service effort per customer, a port Analytics owns and the Service module implements (Service references Analytics'
/// contracts; Analytics does not reference Service). The recompute charges each case at the configured cost per case.
/// </summary>
public interface IServiceEffort
{
    /// <summary>
    /// Cases per customer (customers with at least one), ordered by customer id, opened in [<paramref name="fromUtc"/>,
    /// <paramref name="beforeUtc"/>) (either bound optional). A case merged into another is the same request and is not
    /// counted again.
    /// </summary>
    IAsyncEnumerable<CustomerCaseCount> StreamCaseCountsAsync(
        DateTime? fromUtc = null, DateTime? beforeUtc = null, CancellationToken cancellationToken = default);
}
