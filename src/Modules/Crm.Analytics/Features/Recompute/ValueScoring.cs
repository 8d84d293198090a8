using Crm.Analytics.Engine.Value;

namespace Crm.Analytics.Features.Recompute;

/// <summary>
/// The quintile bounds a recompute found, so one customer's new figures can be scored between recomputes exactly as the
/// recompute would have scored a customer with the same value: index s-1 holds score s's largest recency, smallest
/// frequency and smallest monetary value (null when no customer got score s).
/// </summary>
internal sealed record ScoreBounds(int?[] RecencyMax, int?[] FrequencyMin, double?[] MonetaryMin)
{
    public static ScoreBounds Empty { get; } = new(new int?[5], new int?[5], new double?[5]);

    public static ScoreBounds From(RfmResult rfm)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        var recency = new int?[5];
        var frequency = new int?[5];
        var monetary = new double?[5];
        for (var i = 0; i < rfm.Count; i++)
        {
            var r = rfm.RecencyScore[i] - 1;
            recency[r] = Math.Max(recency[r] ?? int.MinValue, rfm.RecencyDays[i]);
            var f = rfm.FrequencyScore[i] - 1;
            frequency[f] = Math.Min(frequency[f] ?? int.MaxValue, rfm.Frequency[i]);
            var m = rfm.MonetaryScore[i] - 1;
            monetary[m] = Math.Min(monetary[m] ?? double.MaxValue, rfm.Monetary[i]);
        }

        return new ScoreBounds(recency, frequency, monetary);
    }

    /// <summary>Fewer days since the last purchase is better: the best score whose largest recency is not exceeded.</summary>
    public byte Recency(int days)
    {
        for (var s = 5; s >= 1; s--)
        {
            if (RecencyMax[s - 1] is { } max && days <= max)
            {
                return (byte)s;
            }
        }

        return 1;
    }

    public byte Frequency(int orders)
    {
        for (var s = 5; s >= 1; s--)
        {
            if (FrequencyMin[s - 1] is { } min && orders >= min)
            {
                return (byte)s;
            }
        }

        return 1;
    }

    public byte Monetary(double amount)
    {
        for (var s = 5; s >= 1; s--)
        {
            if (MonetaryMin[s - 1] is { } min && amount >= min)
            {
                return (byte)s;
            }
        }

        return 1;
    }
}

/// <summary>The smallest value in each tier of a ranking (null when the tier is empty), and the shares in use.</summary>
internal sealed record TierFloors(double? Platinum, double? Gold, double? Silver, double? Bronze, double PlatinumTop, double GoldTop, double SilverTop)
{
    public static TierFloors From(ValueRanking ranking, TierThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(thresholds);
        var floors = new double?[5];
        for (var i = 0; i < ranking.Count; i++)
        {
            var t = (int)ranking.Tiers[i];
            floors[t] = Math.Min(floors[t] ?? double.MaxValue, ranking.Values[i]);
        }

        return new TierFloors(floors[4], floors[3], floors[2], floors[1], thresholds.PlatinumTop, thresholds.GoldTop, thresholds.SilverTop);
    }

    /// <summary>The tier a customer with <paramref name="value"/> would have had in the ranking.</summary>
    public ValueTier TierOf(double value) =>
        Platinum is { } p && value >= p ? ValueTier.Platinum
        : Gold is { } g && value >= g ? ValueTier.Gold
        : Silver is { } s && value >= s ? ValueTier.Silver
        : ValueTier.Bronze;
}

/// <summary>Tier floors by spend and (when costs are known) by profit.</summary>
internal sealed record TierFloorSet(TierFloors Spend, TierFloors? Profit);

/// <summary>The whale curve as stored: points (customer share, cumulative profit share), the top-20% share, the peak.</summary>
internal sealed record StoredWhaleCurve(double[] CustomerShare, double[] ProfitShare, double TopShare, double TopCustomerShare, double PeakCustomerShare, double PeakProfitShare, double TotalProfit)
{
    public static StoredWhaleCurve? From(WhaleCurve? curve) => curve is null
        ? null
        : new StoredWhaleCurve(
            [.. curve.Points.Select(p => p.CustomerShare)], [.. curve.Points.Select(p => p.ProfitShare)],
            curve.TopShare, curve.TopCustomerShare, curve.Peak.CustomerShare, curve.Peak.ProfitShare, curve.TotalProfit);
}
