namespace Crm.Analytics.Engine.Value;

/// <summary>Value tiers, worst to best; <see cref="None"/> marks a customer absent from a period (used by <see cref="TierMigration"/>).</summary>
internal enum ValueTier : byte
{
    None = 0,
    Bronze = 1,
    Silver = 2,
    Gold = 3,
    Platinum = 4,
}

/// <summary>
/// Tier boundaries as cumulative shares of customers ranked by value: by default Platinum = top 5%, Gold = the next 15%
/// (top 20% together), Silver = the next 30% (top 50%), Bronze = the rest.
/// </summary>
internal sealed record TierThresholds(double PlatinumTop = 0.05, double GoldTop = 0.20, double SilverTop = 0.50)
{
    public static TierThresholds Default { get; } = new();

    /// <summary>Throws unless 0 &lt;= Platinum &lt;= Gold &lt;= Silver &lt;= 1.</summary>
    public void Validate()
    {
        if (!(PlatinumTop >= 0 && PlatinumTop <= GoldTop && GoldTop <= SilverTop && SilverTop <= 1))
        {
            throw new ArgumentException($"Tier thresholds must satisfy 0 <= platinum ({PlatinumTop}) <= gold ({GoldTop}) <= silver ({SilverTop}) <= 1.");
        }
    }

    /// <summary>
    /// How many of <paramref name="customers"/> fall within the top <paramref name="share"/>: <c>floor(share × customers)</c>,
    /// taking a product within a relative 1e-9 of a whole number as that number (0.2 × 10 = 2 exactly).
    /// So a tier never holds more than its share: with 10 customers there is no Platinum (5% of 10 is half a customer),
    /// with fewer than 2 customers nobody is Gold, and a single customer is Bronze.
    /// </summary>
    public static int TopCount(double share, int customers)
    {
        var exact = share * customers;
        var nearest = Math.Round(exact);
        var count = Math.Abs(exact - nearest) <= 1e-9 * Math.Max(1.0, exact) ? nearest : Math.Floor(exact);
        return (int)Math.Clamp(count, 0, customers);
    }
}

/// <summary>Customers and value in one tier.</summary>
internal readonly record struct TierSummary(ValueTier Tier, int Customers, double Value, double ValueShare);

/// <summary>
/// Customers ranked by one value measure (spend or profit) with their tiers. Customer <c>i</c> is position <c>i</c> of the
/// input. Rank 0 is the most valuable; customers with equal values are ranked by ascending index, so pass customers in
/// ascending id order for a deterministic, id-based tie rule (ties can thus straddle a tier boundary).
/// </summary>
internal sealed class ValueRanking
{
    internal ValueRanking(double[] values, int[] order, ValueTier[] tiers, double[] cumulative, TierSummary[] summary)
    {
        Values = values;
        Order = order;
        Tiers = tiers;
        CumulativeValue = cumulative;
        Summary = summary;
        Total = cumulative.Length == 0 ? 0 : cumulative[^1];
        RankOf = new int[order.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            RankOf[order[rank]] = rank;
        }
    }

    public int Count => Values.Length;

    /// <summary>The value of each customer.</summary>
    public double[] Values { get; }

    /// <summary>Customer indices by rank (descending value, then ascending index).</summary>
    public int[] Order { get; }

    /// <summary>Rank (0 = most valuable) of each customer.</summary>
    public int[] RankOf { get; }

    /// <summary>Tier of each customer.</summary>
    public ValueTier[] Tiers { get; }

    /// <summary>Sum of the values of the customers ranked 0..r, by rank r.</summary>
    public double[] CumulativeValue { get; }

    /// <summary>Sum of all values (summed in rank order, equal to the last cumulative value).</summary>
    public double Total { get; }

    /// <summary>Platinum, Gold, Silver, Bronze in this order.</summary>
    public TierSummary[] Summary { get; }

    /// <summary>The customer's share of the total value (NaN when the total is 0).</summary>
    public double ShareOf(int customer) => Values[customer] / Total;

    /// <summary>Cumulative share of the total held by the customers ranked at or above this customer (NaN when the total is 0).</summary>
    public double CumulativeShareOf(int customer) => CumulativeValue[RankOf[customer]] / Total;
}

/// <summary>Ranks customers by value and assigns tiers by their position in the ranking.</summary>
internal static class ValueTiers
{
    /// <summary>
    /// Ranks <paramref name="values"/> (no NaN) and assigns tiers: the first <see cref="TierThresholds.TopCount"/>(Platinum)
    /// ranks are Platinum, up to TopCount(Gold) Gold, up to TopCount(Silver) Silver, the rest Bronze.
    /// Sorting is a stable radix sort on order-preserving keys, so this is linear in the number of customers.
    /// </summary>
    public static ValueRanking Rank(ReadOnlySpan<double> values, TierThresholds? thresholds, CancellationToken cancellationToken)
    {
        thresholds ??= TierThresholds.Default;
        thresholds.Validate();
        var n = values.Length;
        var keys = new ulong[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Descending value: complement of the ascending key; the stable sort keeps ascending index among equals.
            keys[i] = ~SortKeys.Of(values[i]);
            order[i] = i;
        }

        cancellationToken.ThrowIfCancellationRequested();
        SortKeys.RadixSort(keys, order, new ulong[n], new int[n]);
        cancellationToken.ThrowIfCancellationRequested();

        var platinum = TierThresholds.TopCount(thresholds.PlatinumTop, n);
        var gold = TierThresholds.TopCount(thresholds.GoldTop, n);
        var silver = TierThresholds.TopCount(thresholds.SilverTop, n);
        var tiers = new ValueTier[n];
        var cumulative = new double[n];
        Span<double> tierValue = stackalloc double[5];
        Span<int> tierCustomers = stackalloc int[5];
        var sum = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            var customer = order[rank];
            var tier = rank < platinum ? ValueTier.Platinum : rank < gold ? ValueTier.Gold : rank < silver ? ValueTier.Silver : ValueTier.Bronze;
            tiers[customer] = tier;
            var value = values[customer];
            sum += value;
            cumulative[rank] = sum;
            tierValue[(int)tier] += value;
            tierCustomers[(int)tier]++;
        }

        var summary = new TierSummary[4];
        for (var t = 4; t >= 1; t--)
        {
            summary[4 - t] = new TierSummary((ValueTier)t, tierCustomers[t], tierValue[t], tierValue[t] / sum);
        }

        return new ValueRanking(values.ToArray(), order, tiers, cumulative, summary);
    }
}
