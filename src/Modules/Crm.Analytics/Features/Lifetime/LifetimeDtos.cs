using Crm.Analytics.Features.Shared;

namespace Crm.Analytics.Features.Lifetime;

/// <summary>
/// The lifetime model in use (the newest recompute's): BG/NBD purchases in weeks (r, alpha, a, b) and Gamma-Gamma spend
/// per purchase (p, q, gamma; null when it could not be fitted). Predictions cover <paramref name="HorizonWeeks"/>, undiscounted.
/// </summary>
internal sealed record LifetimeModelCard(
    long RunId, DateOnly AsOf, int Customers, double R, double Alpha, double A, double B, double? P, double? Q, double? Gamma,
    int HorizonWeeks, bool Discounted);

/// <summary>
/// One bar of the CLV distribution: customers whose CLV is at least <paramref name="From"/> and below <paramref name="To"/>
/// (no upper bound when <paramref name="To"/> is null), and the sum of their CLV.
/// </summary>
internal sealed record ClvBucket(double From, double? To, string Label, int Customers, double TotalClv);

/// <summary>
/// The lifetime dashboard's header figures over the current figures (<c>Analytics_CustomerValues</c>): customers with
/// figures, with a CLV, total and average predicted CLV (52 weeks), average P(alive), and the CLV distribution.
/// </summary>
internal sealed record LifetimeOverview(
    DateOnly? AsOf,
    LifetimeModelCard? Model,
    int CustomersWithFigures,
    int CustomersWithClv,
    double TotalClv,
    double? AverageClv,
    int CustomersWithProbability,
    double? AverageProbabilityAlive,
    IReadOnlyList<ClvBucket> Distribution)
{
    /// <summary>False when no recompute stored figures yet.</summary>
    public bool HasFigures => CustomersWithFigures > 0;

    /// <summary>False when no lifetime model could be fitted (nobody bought twice) or none is stored.</summary>
    public bool HasModel => Model is not null;
}

/// <summary>
/// A customer among the top by predicted CLV (52 weeks, undiscounted); <paramref name="ProbabilityAliveExplanation"/> says
/// why P(alive) and CLV are what they are (for example one order so far: the estimate comes from similar customers).
/// </summary>
internal sealed record ClvCustomerRow(
    int Rank, long CustomerId, string Name, double Clv, double? ProbabilityAlive, double? ExpectedPurchases,
    double? ExpectedOrderValue, decimal PastSpend, string Tier, AliveExplanation? ProbabilityAliveExplanation);

/// <summary>
/// A valuable customer at risk: a high tier by past spend and a low probability of still being active. Recency is whole
/// days from the last purchase to the figures' as-of date; <paramref name="ProbabilityAliveExplanation"/> says why the
/// model thinks the customer may be gone.
/// </summary>
internal sealed record AtRiskCustomerRow(
    long CustomerId, string Name, decimal PastSpend, string Tier, double ProbabilityAlive, double? Clv, int Frequency,
    DateOnly LastPurchaseOn, int RecencyDays, string Segment, AliveExplanation? ProbabilityAliveExplanation);

/// <summary>The at-risk filter: tier by spend at least <paramref name="MinTier"/>, P(alive) below <paramref name="MaxProbabilityAlive"/>.</summary>
internal sealed record AtRiskFilter(byte MinTier, double MaxProbabilityAlive)
{
    public const byte DefaultMinTier = 3;
    public const double DefaultMaxProbabilityAlive = 0.5;

    public static AtRiskFilter Default { get; } = new(DefaultMinTier, DefaultMaxProbabilityAlive);
}
