using Crm.Analytics.Features.Associations;
using Crm.Analytics.Features.Shared;

namespace Crm.Analytics.Features.ValuePanel;

/// <summary>
/// One customer's value figures as stored (the last recompute plus real-time updates on the customer's orders).
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">The day the figures are as of (the recompute's as-of date, or the day of the last real-time update).</param>
/// <param name="UpdatedAtUtc">When the figures were written.</param>
/// <param name="UpdatedLive">True when an order changed since the last recompute and the figures were updated for it.</param>
/// <param name="FirstPurchaseOn">Day of the first purchase order.</param>
/// <param name="LastPurchaseOn">Day of the last purchase order.</param>
/// <param name="RecencyDays">Whole days from the last purchase to <paramref name="AsOf"/>.</param>
/// <param name="Frequency">Number of purchase orders.</param>
/// <param name="Monetary">Spend: sum of the purchase orders' positive-quantity line amounts.</param>
/// <param name="Profit">Revenue - cost of goods - cost to serve; null when a cost of goods is unknown.</param>
/// <param name="ServiceCost">The cost-to-serve part of the profit (interactions and cases times their configured cost).</param>
/// <param name="RecencyScore">1-5: quintile of recency among all buyers (5 = most recent).</param>
/// <param name="FrequencyScore">1-5: quintile of frequency (5 = most orders).</param>
/// <param name="MonetaryScore">1-5: quintile of spend (5 = highest).</param>
/// <param name="Segment">RFM segment from the recency and frequency scores ("Champions", "At risk", ...).</param>
/// <param name="SpendTier">Tier by cumulative spend: Platinum (top 5% of buyers), Gold (next 15%), Silver (next 30%), Bronze.</param>
/// <param name="ProfitTier">Tier by profit (same shares), null when profit is unknown.</param>
/// <param name="ProbabilityAlive">BG/NBD probability (0 to 1) that the customer still buys; null without a fitted model.</param>
/// <param name="ExpectedPurchases">Expected purchase days in the next 52 weeks (BG/NBD).</param>
/// <param name="ExpectedOrderValue">Expected value of a future purchase (Gamma-Gamma).</param>
/// <param name="Clv">Lifetime value over the next 52 weeks, undiscounted: expected purchases x expected order value.</param>
/// <param name="ProbabilityAliveExplanation">
/// Why P(alive) and CLV are what they are, from the customer's own figures: a code (OneOrderSoFar, BuysRegularly,
/// QuieterThanUsual, LongSilence, FewRepeatPurchases) and a sentence; null without P(alive).
/// </param>
/// <param name="UsualIntervalDays">Median days between purchase days (three purchase days or more).</param>
/// <param name="NextPurchaseOn">Expected next purchase: last purchase + usual interval.</param>
/// <param name="DueOn">Due to buy again from this day: last purchase + floor(1.5 x usual interval) + 1.</param>
/// <param name="Overdue">True when <paramref name="DueOn"/> is today or earlier.</param>
/// <param name="TierHistory">The customer in the newest quarter snapshots (up to 6, newest first).</param>
/// <param name="Recommendations">Top products to offer, from the association rules (up to 3).</param>
internal sealed record CustomerValueDto(
    long CustomerId,
    DateOnly AsOf,
    DateTime UpdatedAtUtc,
    bool UpdatedLive,
    DateOnly FirstPurchaseOn,
    DateOnly LastPurchaseOn,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    decimal? Profit,
    decimal ServiceCost,
    int RecencyScore,
    int FrequencyScore,
    int MonetaryScore,
    string Segment,
    string SpendTier,
    string? ProfitTier,
    double? ProbabilityAlive,
    double? ExpectedPurchases,
    double? ExpectedOrderValue,
    double? Clv,
    AliveExplanation? ProbabilityAliveExplanation,
    double? UsualIntervalDays,
    DateOnly? NextPurchaseOn,
    DateOnly? DueOn,
    bool Overdue,
    IReadOnlyList<CustomerTierHistoryItem> TierHistory,
    IReadOnlyList<CustomerRecommendation> Recommendations);

/// <summary>The customer in one quarter's snapshot (the figures as of <paramref name="AsOf"/>).</summary>
/// <param name="Period">The quarter, "yyyy-Qn".</param>
/// <param name="AsOf">The as-of date of the snapshot.</param>
/// <param name="Segment">RFM segment then.</param>
/// <param name="Monetary">Cumulative spend up to the as-of date.</param>
/// <param name="Frequency">Purchase orders up to the as-of date.</param>
/// <param name="SpendTier">Tier by cumulative spend then.</param>
/// <param name="ProfitTier">Tier by profit then (null when unknown).</param>
/// <param name="PeriodSpend">Spend within the quarter.</param>
/// <param name="PeriodTier">Tier by spend within the quarter among its buyers ("None" when the customer did not buy in it).</param>
/// <param name="Clv">CLV then.</param>
/// <param name="ProbabilityAlive">P(alive) then.</param>
internal sealed record CustomerTierHistoryItem(
    string Period, DateOnly AsOf, string Segment, decimal Monetary, int Frequency, string SpendTier, string? ProfitTier,
    decimal PeriodSpend, string PeriodTier, double? Clv, double? ProbabilityAlive);

/// <summary>
/// A product recommended to the customer by an association rule whose products (<paramref name="Because"/>) the customer has
/// all bought, and whose recommended product they have not. <paramref name="Confidence"/> is the share of baskets (orders)
/// with those products that also hold the recommended one; <paramref name="Lift"/> how many times as often as by chance.
/// </summary>
internal sealed record CustomerRecommendation(
    RuleProduct Product, IReadOnlyList<RuleProduct> Because, double Confidence, double Lift, double Support, int SupportCount, string Reason);

/// <summary>Why a known customer has no figures.</summary>
internal enum CustomerValueMissing
{
    /// <summary>Figures exist.</summary>
    None,

    /// <summary>The customer has no purchase order.</summary>
    NoPurchases,

    /// <summary>The customer bought, but no recompute (or real-time update) has written figures for them yet.</summary>
    NotComputed,
}

/// <summary>The figures of a customer, or why there are none.</summary>
internal sealed record CustomerValueLookup(CustomerValueDto? Value, CustomerValueMissing Missing);
