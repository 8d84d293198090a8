using Crm.Analytics.Engine.Value;

namespace Crm.Analytics.Tests.Value;

public sealed class ValueTiersTests
{
    private static ValueRanking Rank(double[] values, TierThresholds? thresholds = null) =>
        ValueTiers.Rank(values, thresholds, CancellationToken.None);

    [Fact]
    public void Of_100_customers_5_are_platinum_15_gold_30_silver_and_50_bronze()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray(); // customer 0 spends most

        var ranking = Rank(values);

        Assert.Equal([5, 15, 30, 50], ranking.Summary.Select(s => s.Customers));
        Assert.Equal([ValueTier.Platinum, ValueTier.Gold, ValueTier.Silver, ValueTier.Bronze], ranking.Summary.Select(s => s.Tier));
        Assert.All(ranking.Tiers.AsSpan(0, 5).ToArray(), t => Assert.Equal(ValueTier.Platinum, t));
        Assert.Equal(ValueTier.Gold, ranking.Tiers[5]);
        Assert.Equal(ValueTier.Gold, ranking.Tiers[19]);
        Assert.Equal(ValueTier.Silver, ranking.Tiers[20]);
        Assert.Equal(ValueTier.Bronze, ranking.Tiers[50]);
        Assert.Equal(1.0, ranking.Summary.Sum(s => s.ValueShare), 12);
    }

    [Fact]
    public void Customers_are_ranked_by_descending_value_with_ties_by_position()
    {
        var ranking = Rank([5.0, 9, 5, 9, 1]);

        Assert.Equal([1, 3, 0, 2, 4], ranking.Order);
        Assert.Equal([2, 0, 3, 1, 4], ranking.RankOf);
    }

    [Fact]
    public void Equal_values_at_a_tier_boundary_are_split_by_position()
    {
        // 20 customers: Platinum holds exactly one, although customers 0 and 1 spend the same.
        var values = new double[20];
        values[0] = values[1] = 100;

        var ranking = Rank(values);

        Assert.Equal(ValueTier.Platinum, ranking.Tiers[0]);
        Assert.Equal(ValueTier.Gold, ranking.Tiers[1]);
    }

    [Theory]
    [InlineData(1, 0, 0, 0, 1)]
    [InlineData(4, 0, 0, 2, 2)]
    [InlineData(10, 0, 2, 3, 5)]
    [InlineData(19, 0, 3, 6, 10)]
    [InlineData(20, 1, 3, 6, 10)]
    public void Few_customers_fill_each_tier_only_up_to_its_share(int customers, int platinum, int gold, int silver, int bronze)
    {
        var ranking = Rank(Enumerable.Range(0, customers).Select(i => (double)i).ToArray());

        Assert.Equal([platinum, gold, silver, bronze], ranking.Summary.Select(s => s.Customers));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var ranking = Rank(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), new TierThresholds(0.1, 0.3, 0.6));

        Assert.Equal([1, 2, 3, 4], ranking.Summary.Select(s => s.Customers));
        Assert.Equal(ValueTier.Platinum, ranking.Tiers[9]);
    }

    [Fact]
    public void Thresholds_out_of_order_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Rank([1.0], new TierThresholds(0.3, 0.2, 0.5)));
        Assert.Throws<ArgumentException>(() => Rank([1.0], new TierThresholds(0.05, 0.2, 1.5)));
    }

    [Fact]
    public void Cumulative_shares_follow_the_ranking_and_reach_one()
    {
        var ranking = Rank([10.0, 40, 20, 30]);

        Assert.Equal(0.4, ranking.ShareOf(1), 12);
        Assert.Equal(0.4, ranking.CumulativeShareOf(1), 12);
        Assert.Equal(0.7, ranking.CumulativeShareOf(3), 12);
        Assert.Equal(1.0, ranking.CumulativeShareOf(0), 12);
        Assert.Equal(100.0, ranking.Total);
    }

    [Fact]
    public void Negative_and_zero_values_rank_below_positive_ones()
    {
        var ranking = Rank([-5.0, 0, 3, -0.0, -100]);

        Assert.Equal([2, 1, 3, 0, 4], ranking.Order);
    }

    [Fact]
    public void A_million_random_values_are_ranked_like_a_comparison_sort()
    {
        var random = new Random(21);
        var values = Enumerable.Range(0, 1_000_000).Select(_ => Math.Round(random.NextDouble() * 1000, 1) - 100).ToArray();

        var ranking = Rank(values);

        var expected = Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        Assert.Equal(expected, ranking.Order);
    }

    [Fact]
    public void No_customers_give_empty_tiers()
    {
        var ranking = Rank([]);

        Assert.All(ranking.Summary, s => Assert.Equal(0, s.Customers));
        Assert.Equal(0.0, ranking.Total);
    }
}
