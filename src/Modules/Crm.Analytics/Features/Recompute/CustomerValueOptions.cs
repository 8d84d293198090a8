namespace Crm.Analytics.Features.Recompute;

/// <summary>Settings of the customer-value recompute (configuration section "Analytics").</summary>
internal sealed class CustomerValueOptions
{
    public const string SectionName = "Analytics";

    /// <summary>Time of day (UTC) of the nightly recompute; empty turns it off.</summary>
    public string NightlyAtUtc { get; set; } = "02:00";

    /// <summary>Start a recompute when a bulk import committed orders (the command line turns it off: it has no background).</summary>
    public bool RecomputeAfterImport { get; set; } = true;

    /// <summary>Cost to serve per recorded interaction (call, email, visit; order entries excluded), in the currency of the orders.</summary>
    public decimal CostPerInteraction { get; set; } = 2m;

    /// <summary>Cost to serve per service case (counted once the Service module reports cases).</summary>
    public decimal CostPerCase { get; set; } = 15m;

    /// <summary>Share of customers in Platinum (top by value).</summary>
    public double PlatinumTop { get; set; } = 0.05;

    /// <summary>Share of customers in Platinum and Gold together.</summary>
    public double GoldTop { get; set; } = 0.20;

    /// <summary>Share of customers in Platinum, Gold and Silver together (the rest are Bronze).</summary>
    public double SilverTop { get; set; } = 0.50;

    /// <summary>Smallest share of baskets a product set must appear in to make rules (a decimal, so the boundary is exact).</summary>
    public decimal MinSupport { get; set; } = 0.005m;

    /// <summary>Smallest confidence of a stored rule (a decimal, so a rule exactly at it is kept).</summary>
    public decimal MinConfidence { get; set; } = 0.1m;

    /// <summary>Largest product set of a rule (antecedent + consequent).</summary>
    public int MaxRuleLength { get; set; } = 3;

    /// <summary>Rules kept (highest lift first).</summary>
    public int MaxStoredRules { get; set; } = 20_000;
}
