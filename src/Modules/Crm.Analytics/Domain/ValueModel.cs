namespace Crm.Analytics.Domain;

/// <summary>
/// What a recompute learned and the real-time update scores new figures with (table <c>Analytics_Models</c>, one row per
/// successful run; the newest is current): lifetime model parameters, the quintile bounds of R, F and M, the tier floors,
/// the whale curve. Lists are stored as JSON text.
/// </summary>
internal sealed class ValueModel
{
    /// <summary>The run's id.</summary>
    public long Id { get; set; }

    public DateOnly AsOf { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public int Customers { get; set; }

    public decimal Revenue { get; set; }

    public decimal? Profit { get; set; }

    public int PurchaseOrders { get; set; }

    // BG/NBD (weeks) and Gamma-Gamma; null when not identified (nobody bought twice).
    public double? BgR { get; set; }

    public double? BgAlpha { get; set; }

    public double? BgA { get; set; }

    public double? BgB { get; set; }

    public double? GgP { get; set; }

    public double? GgQ { get; set; }

    public double? GgGamma { get; set; }

    /// <summary>JSON: the smallest recency (days) of scores 1..5 for ... see <see cref="Features.Recompute.ScoreBounds"/>.</summary>
    public string ScoreBoundsJson { get; set; } = "{}";

    /// <summary>JSON: tier floors by spend and by profit and the shares in use.</summary>
    public string TierFloorsJson { get; set; } = "{}";

    /// <summary>JSON: whale curve points (customer share, cumulative profit share) and the top-20% share.</summary>
    public string WhaleCurveJson { get; set; } = "{}";

    public decimal CostPerInteraction { get; set; }

    public decimal CostPerCase { get; set; }
}
