namespace Crm.Analytics.Domain;

/// <summary>
/// One customer's current value figures (table <c>Analytics_CustomerValues</c>): written for everybody by each recompute
/// and for one customer at a time when an order of theirs changes. Customers who never bought have no row.
/// </summary>
internal sealed class CustomerValueRecord
{
    public long CustomerId { get; set; }

    /// <summary>The date the figures are as of (the run's as-of date, or the day of the last real-time update).</summary>
    public DateOnly AsOf { get; set; }

    public DateOnly FirstPurchaseOn { get; set; }

    public DateOnly LastPurchaseOn { get; set; }

    /// <summary>Whole days from the last purchase day to <see cref="AsOf"/>.</summary>
    public int RecencyDays { get; set; }

    /// <summary>Purchase orders.</summary>
    public int Frequency { get; set; }

    /// <summary>Sum of the purchase orders' positive-quantity line amounts.</summary>
    public decimal Monetary { get; set; }

    /// <summary>Revenue - cost of goods - cost to serve; null when a cost of goods is unknown.</summary>
    public decimal? Profit { get; set; }

    /// <summary>The cost-to-serve part of <see cref="Profit"/> (interactions and cases times their configured cost).</summary>
    public decimal ServiceCost { get; set; }

    public byte RecencyScore { get; set; }

    public byte FrequencyScore { get; set; }

    public byte MonetaryScore { get; set; }

    /// <summary>The RFM segment's display name ("Champions", "At risk", ...).</summary>
    public string Segment { get; set; } = "";

    /// <summary>Tier by cumulative spend (<see cref="Engine.Value.ValueTier"/> as a number: 1 Bronze .. 4 Platinum).</summary>
    public byte SpendTier { get; set; }

    /// <summary>Tier by profit, when profit is known.</summary>
    public byte? ProfitTier { get; set; }

    /// <summary>x: repeat purchase days (same-day purchases merged).</summary>
    public int RepeatPurchases { get; set; }

    /// <summary>BG/NBD probability that the customer is still active (null when no model is fitted).</summary>
    public double? ProbabilityAlive { get; set; }

    /// <summary>Expected purchases in the next 52 weeks.</summary>
    public double? ExpectedPurchases { get; set; }

    /// <summary>Gamma-Gamma expected value of a future purchase.</summary>
    public double? ExpectedOrderValue { get; set; }

    /// <summary>Lifetime value over the next 52 weeks (expected purchases x expected order value).</summary>
    public double? Clv { get; set; }

    /// <summary>Median days between purchase days (three purchase days or more).</summary>
    public double? UsualIntervalDays { get; set; }

    public DateOnly? NextPurchaseOn { get; set; }

    /// <summary>The day from which the customer counts as due to buy again (last purchase + 1.5 usual intervals).</summary>
    public DateOnly? DueOn { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>True when an order changed since the last recompute and these figures were updated for it.</summary>
    public bool UpdatedLive { get; set; }
}
