namespace Crm.Analytics.Domain;

/// <summary>
/// The figures of one period (a calendar quarter, "2026-Q4"), kept so tier history and migration can be shown: the latest
/// recompute whose as-of date falls in the quarter replaces it (table <c>Analytics_Snapshots</c>).
/// </summary>
internal sealed class ValueSnapshot
{
    /// <summary>"yyyy-Qn".</summary>
    public string Period { get; set; } = "";

    public DateOnly AsOf { get; set; }

    public long RunId { get; set; }

    public int Customers { get; set; }

    public decimal Revenue { get; set; }

    /// <summary>Customers who bought in the quarter (up to the as-of date).</summary>
    public int PeriodBuyers { get; set; }

    public decimal PeriodRevenue { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public static string PeriodOf(DateOnly day) => $"{day.Year}-Q{((day.Month - 1) / 3) + 1}";

    public static DateOnly PeriodStart(DateOnly day) => new(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1);
}

/// <summary>One customer in a <see cref="ValueSnapshot"/> (table <c>Analytics_SnapshotCustomers</c>).</summary>
internal sealed class ValueSnapshotCustomer
{
    public string Period { get; set; } = "";

    public long CustomerId { get; set; }

    public byte RecencyScore { get; set; }

    public byte FrequencyScore { get; set; }

    public byte MonetaryScore { get; set; }

    public string Segment { get; set; } = "";

    /// <summary>Cumulative spend up to the snapshot's as-of date.</summary>
    public decimal Monetary { get; set; }

    public int Frequency { get; set; }

    public decimal? Profit { get; set; }

    public byte SpendTier { get; set; }

    public byte? ProfitTier { get; set; }

    /// <summary>Spend within the quarter (up to the as-of date).</summary>
    public decimal PeriodSpend { get; set; }

    /// <summary>Tier by <see cref="PeriodSpend"/> among the quarter's buyers; 0 (None) when the customer did not buy in it.</summary>
    public byte PeriodTier { get; set; }

    public double? Clv { get; set; }

    public double? ProbabilityAlive { get; set; }
}
