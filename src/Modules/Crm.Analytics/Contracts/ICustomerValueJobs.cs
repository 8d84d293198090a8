namespace Crm.Analytics.Contracts;

/// <summary>How a completed recompute ended.</summary>
public sealed record CustomerValueRunResult(long RunId, string Status, int Customers, int Rules, string? Message);

/// <summary>
/// Full recomputes of the stored customer-value figures, for the host's demo data and the command line (the web pages use
/// the background job directly). No role check: callers are the system or an operator at the console.
/// </summary>
public interface ICustomerValueJobs
{
    /// <summary>
    /// Recomputes as of <paramref name="asOf"/> and waits for it to finish (after any run already in progress); the
    /// figures, the snapshot of the as-of date's quarter and the rules are replaced.
    /// </summary>
    Task<CustomerValueRunResult> RecomputeAsync(DateOnly asOf, string trigger, string requestedBy, CancellationToken cancellationToken = default);

    /// <summary>True when no recompute has ever succeeded (the demo data seeding uses it).</summary>
    Task<bool> NeverComputedAsync(CancellationToken cancellationToken = default);
}
