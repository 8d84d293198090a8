namespace Crm.Analytics.Contracts;

/// <summary>A customer's value tier by cumulative spend, as the last recompute (or a live order update) stored it.</summary>
public enum CustomerTier : byte
{
    /// <summary>Never bought, or no figures computed yet.</summary>
    None = 0,
    Bronze = 1,
    Silver = 2,
    Gold = 3,
    Platinum = 4,
}

/// <summary>
/// Customers' tiers by spend for other modules (Service: SLA policies, assignment rules and reports by tier). Reads the
/// stored figures only; customers without figures are <see cref="CustomerTier.None"/>. No role check: callers check access
/// to the customers they ask about.
/// </summary>
public interface ICustomerTiers
{
    Task<CustomerTier> SpendTierAsync(long customerId, CancellationToken cancellationToken = default);

    /// <summary>The tiers of the given customers (every id is in the result; unknown ones are <see cref="CustomerTier.None"/>).</summary>
    Task<IReadOnlyDictionary<long, CustomerTier>> SpendTiersAsync(IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken = default);
}
