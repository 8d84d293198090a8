using Crm.Analytics.Features.Lifetime;

namespace Crm.Analytics.Tests.Dashboards.Lifetime;

public sealed class ClvDistributionTests
{
    [Fact]
    public void No_values_give_no_buckets_and_equal_values_one_open_ended_bucket()
    {
        Assert.Empty(ClvDistribution.Compute([]));
        var one = Assert.Single(ClvDistribution.Compute([0, 0, 0]));
        Assert.Equal((0, (double?)null, 3), (one.From, one.To, one.Customers));
        var same = Assert.Single(ClvDistribution.Compute([250, 250]));
        Assert.Equal((2, 500.0), (same.Customers, same.TotalClv));
    }

    [Fact]
    public void Buckets_are_contiguous_log_spaced_with_two_significant_digits_and_hold_every_value_once()
    {
        double[] values = [0, 1e-9, 0.4, 3, 12, 99, 100, 450, 1_000, 2_500, 9_999, 10_000, 54_321];
        var buckets = ClvDistribution.Compute(values);

        Assert.Equal(ClvDistribution.DefaultBuckets, buckets.Count);
        Assert.Equal(0, buckets[0].From);
        Assert.Null(buckets[^1].To);
        for (var i = 0; i + 1 < buckets.Count; i++)
        {
            Assert.Equal(buckets[i].To, buckets[i + 1].From);
            Assert.Equal(ClvDistribution.TwoSignificantDigits(buckets[i].To!.Value), buckets[i].To);
            var inside = values.Where(v => v >= buckets[i].From && v < buckets[i].To).ToList();
            Assert.Equal(inside.Count, buckets[i].Customers);
        }

        Assert.Equal(values.Length, buckets.Sum(b => b.Customers));
        Assert.Equal(values.Sum(), buckets.Sum(b => b.TotalClv), 1e-6);
        // The scale starts at 1/10,000 of the largest value (5.4), so the near-zero CLVs share the first bucket.
        Assert.Equal(values.Count(v => v < buckets[0].To), buckets[0].Customers);
        Assert.True(buckets[0].To > 5.4);
    }

    [Theory]
    [InlineData(1234, 1200)]
    [InlineData(0.0567, 0.057)]
    [InlineData(99.6, 100)]
    [InlineData(5, 5)]
    public void Edges_are_rounded_to_two_significant_digits(double value, double expected) =>
        Assert.Equal(expected, ClvDistribution.TwoSignificantDigits(value));
}
