namespace Crm.Analytics.Contracts;

/// <summary>The lifetime models the engine fits.</summary>
public enum LifetimeModel
{
    /// <summary>BG/NBD purchases (r, alpha, a, b).</summary>
    BgNbd,

    /// <summary>Pareto/NBD purchases (r, alpha, s, beta).</summary>
    ParetoNbd,

    /// <summary>Gamma-Gamma spend per transaction (p, q, gamma).</summary>
    GammaGamma,
}

/// <summary>Unit of t_x, T and the horizon.</summary>
public enum LifetimeTimeUnit
{
    Week,
    Day,
}

/// <summary>What a long analysis is doing: <paramref name="Done"/> of <paramref name="Total"/> (unknown total = null).</summary>
public readonly record struct AnalyticsProgress(string Stage, long Done, long? Total);

/// <summary>Customers and the revenue of a segment or tier.</summary>
public sealed record GroupTotal(string Name, int Customers, decimal Revenue);

/// <summary>One customer's RFM figures. <paramref name="Customer"/> is the external id, or the internal id when it has none.</summary>
public readonly record struct RfmCustomerRow(
    long CustomerId, string Customer, int RecencyDays, int Frequency, decimal Monetary,
    int RecencyScore, int FrequencyScore, int MonetaryScore, string Segment, string Tier);

/// <summary>
/// RFM as of a date over the customers with a purchase order on or before it: recency = whole days from the last purchase
/// day to the as-of date, frequency = number of purchase orders, monetary = sum of their purchase amounts; scores are
/// quintiles (1-5), segments from R and F, tiers by spend (Platinum top 5%, Gold next 15%, Silver next 30%, Bronze).
/// </summary>
public sealed record RfmReport(
    DateOnly AsOf, int Customers, decimal Revenue, IReadOnlyList<GroupTotal> Segments, IReadOnlyList<GroupTotal> Tiers,
    IReadOnlyList<RfmCustomerRow> Rows);

/// <summary>What <see cref="ICustomerValueAnalytics.LifetimeValueAsync"/> fits and predicts.</summary>
/// <param name="Model">The model whose fit is reported.</param>
/// <param name="CalibrationEnd">Last day of the calibration period (orders on or before it count).</param>
/// <param name="TimeUnit">Unit of t_x, T and <paramref name="Horizon"/>.</param>
/// <param name="Horizon">Prediction horizon after the calibration end, in <paramref name="TimeUnit"/> (default 52 weeks).</param>
/// <param name="MonthlyDiscountRate">Discount rate per month (months of 4.345 weeks or 30 days); 0 = undiscounted.</param>
public sealed record LifetimeValueRequest(
    LifetimeModel Model, DateOnly CalibrationEnd, LifetimeTimeUnit TimeUnit = LifetimeTimeUnit.Week, double Horizon = 52,
    double MonthlyDiscountRate = 0);

/// <summary>A fitted parameter by its conventional name (r, alpha, a, b, s, beta, p, q, gamma).</summary>
public sealed record ModelParameter(string Name, double Value);

/// <summary>
/// One customer's lifetime figures: history (x, t_x, T) in the calibration period; P(alive) and expected purchases in the
/// horizon from the purchase model (BG/NBD for the Gamma-Gamma report); the Gamma-Gamma expected value of a future purchase
/// and the CLV over the horizon (null when the spend model could not be fitted).
/// </summary>
public readonly record struct LifetimeValueRow(
    long CustomerId, string Customer, int X, double Tx, double T, double ProbabilityAlive, double ExpectedPurchases,
    double? ExpectedAverageValue, double? Clv);

/// <summary>
/// A model fit and per-customer predictions. <paramref name="Customers"/> is the number of customers that entered the fit:
/// everyone who bought on or before the calibration end for BG/NBD and Pareto/NBD, those with repeat purchases of positive
/// value for Gamma-Gamma. <paramref name="Rows"/> has every customer who bought on or before the calibration end.
/// </summary>
public sealed record LifetimeValueReport(
    LifetimeModel Model, LifetimeTimeUnit TimeUnit, DateOnly CalibrationEnd, double Horizon, int Customers,
    IReadOnlyList<ModelParameter> Parameters, double LogLikelihood, bool Converged, IReadOnlyList<LifetimeValueRow> Rows);

/// <summary>
/// What <see cref="ICustomerValueAnalytics.AssociationsAsync"/> mines. The minimums are shares (0.0005 = 0.05% of baskets,
/// 0.5 = 50%) held as the decimals given, so that a rule or itemset exactly at a minimum is kept whatever its binary form.
/// </summary>
public sealed record AssociationRequest(decimal MinSupport, decimal MinConfidence, int MaxLength = int.MaxValue, int Top = 10);

/// <summary>
/// A rule {antecedent} => {consequent} with its support, confidence and lift; names are product codes, sorted. An empty
/// antecedent ({} => {y}, as arules reports it) means "any basket": y is in at least the minimum confidence of all baskets.
/// </summary>
public sealed record AssociationRuleRow(
    IReadOnlyList<string> Antecedent, IReadOnlyList<string> Consequent, double Support, double Confidence, double Lift);

/// <summary>
/// Frequent itemsets and rules over the baskets (one per purchase order, its distinct product codes):
/// <paramref name="Top"/> holds the rules of highest lift, <paramref name="RulesByLift"/> all of them in the same order.
/// </summary>
public sealed record AssociationReport(
    int Transactions, int Items, int FrequentItemsets, int Rules, IReadOnlyList<AssociationRuleRow> Top,
    IReadOnlyList<AssociationRuleRow> RulesByLift);

/// <summary>
/// The customer-value engine over the CCR's sales history: RFM and tiers, lifetime models and CLV, product associations.
/// For Managers and Admins (and the command line).
/// </summary>
public interface ICustomerValueAnalytics
{
    Task<RfmReport> RfmAsync(DateOnly asOf, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default);

    Task<LifetimeValueReport> LifetimeValueAsync(
        LifetimeValueRequest request, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default);

    Task<AssociationReport> AssociationsAsync(
        AssociationRequest request, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default);
}
