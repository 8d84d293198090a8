using Crm.Analytics.Engine.Value;

namespace Crm.Analytics.Tests.Value;

public sealed class RfmTests
{
    private static byte[] Scores(int[] values, bool smallerIsBetter = false)
    {
        var scores = new byte[values.Length];
        QuintileScores.Score(values, smallerIsBetter, scores);
        return scores;
    }

    private static byte[] Scores(double[] values, bool smallerIsBetter = false)
    {
        var scores = new byte[values.Length];
        QuintileScores.Score(values, smallerIsBetter, scores);
        return scores;
    }

    [Fact]
    public void Ten_distinct_values_get_two_customers_per_score()
    {
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], Scores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]));
        Assert.Equal([5, 5, 4, 4, 3, 3, 2, 2, 1, 1], Scores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], smallerIsBetter: true));
    }

    [Fact]
    public void Scores_do_not_depend_on_input_order()
    {
        Assert.Equal([5, 1, 3, 2, 4], Scores([50.0, 10, 30, 20, 40]));
    }

    [Fact]
    public void Equal_values_get_equal_scores_from_the_middle_of_their_positions()
    {
        // Six one-time buyers occupy positions 0-5 of 10, middle 30%: all score 2.
        var scores = Scores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);

        Assert.Equal([2, 2, 2, 2, 2, 2, 4, 4, 5, 5], scores);
    }

    [Fact]
    public void When_all_customers_are_equal_everyone_scores_three()
    {
        Assert.All(Scores([7, 7, 7, 7, 7, 7, 7]), s => Assert.Equal(3, s));
        Assert.All(Scores([2.5, 2.5, 2.5]), s => Assert.Equal(3, s));
    }

    [Fact]
    public void Fewer_than_five_customers_spread_over_the_scale()
    {
        Assert.Equal([3], Scores([42]));
        Assert.Equal([2, 4], Scores([1, 2]));
        Assert.Equal([1, 3, 5], Scores([1, 2, 3]));
        Assert.Equal([1, 2, 4, 5], Scores([1, 2, 3, 4]));
        Assert.Empty(Scores(Array.Empty<int>()));
    }

    [Fact]
    public void Scores_follow_the_documented_mid_rank_rule_on_random_data_with_ties()
    {
        var random = new Random(11);
        foreach (var n in new[] { 1, 2, 3, 5, 7, 50, 333 })
        {
            var values = Enumerable.Range(0, n).Select(_ => random.Next(0, 12)).ToArray();
            var expected = values.Select(v =>
            {
                var worse = values.Count(x => x < v);
                var equal = values.Count(x => x == v);
                return (byte)(1 + Math.Floor(5.0 * (worse + (equal / 2.0)) / n));
            }).ToArray();

            Assert.Equal(expected, Scores(values));
            Assert.Equal(expected, Scores(values.Select(v => (double)v).ToArray()));
        }
    }

    [Fact]
    public void Widely_spread_integers_score_like_the_same_values_as_doubles()
    {
        // Values far apart take the sorting path instead of the histogram.
        var random = new Random(12);
        var values = Enumerable.Range(0, 1000).Select(_ => random.Next(-5, 5) * 400_000_000).ToArray();

        Assert.Equal(Scores(values.Select(v => (double)v).ToArray()), Scores(values));
        Assert.Equal(Scores(values.Select(v => (double)v).ToArray(), true), Scores(values, true));
    }

    [Theory]
    [InlineData(5, 5, nameof(RfmSegment.Champions))]
    [InlineData(5, 4, nameof(RfmSegment.Champions))]
    [InlineData(4, 5, nameof(RfmSegment.LoyalCustomers))]
    [InlineData(3, 4, nameof(RfmSegment.LoyalCustomers))]
    [InlineData(5, 3, nameof(RfmSegment.PotentialLoyalists))]
    [InlineData(4, 2, nameof(RfmSegment.PotentialLoyalists))]
    [InlineData(5, 1, nameof(RfmSegment.NewCustomers))]
    [InlineData(4, 1, nameof(RfmSegment.Promising))]
    [InlineData(3, 3, nameof(RfmSegment.NeedAttention))]
    [InlineData(3, 2, nameof(RfmSegment.AboutToSleep))]
    [InlineData(3, 1, nameof(RfmSegment.AboutToSleep))]
    [InlineData(2, 4, nameof(RfmSegment.AtRisk))]
    [InlineData(1, 3, nameof(RfmSegment.AtRisk))]
    [InlineData(1, 5, nameof(RfmSegment.CannotLoseThem))]
    [InlineData(2, 5, nameof(RfmSegment.CannotLoseThem))]
    [InlineData(2, 2, nameof(RfmSegment.Hibernating))]
    [InlineData(1, 2, nameof(RfmSegment.Hibernating))]
    [InlineData(2, 1, nameof(RfmSegment.Hibernating))]
    [InlineData(1, 1, nameof(RfmSegment.Lost))]
    public void The_segment_map_names_each_recency_and_frequency_cell(int r, int f, string expected)
    {
        Assert.Equal(Enum.Parse<RfmSegment>(expected), RfmSegments.Of(r, f));
    }

    [Fact]
    public void Every_one_of_the_eleven_segments_is_reachable_and_every_cell_has_a_segment()
    {
        var reached = new HashSet<RfmSegment>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                reached.Add(RfmSegments.Of(r, f));
            }
        }

        Assert.Equal(RfmSegments.Count, reached.Count);
        Assert.Equal("Can't lose them", RfmSegments.DisplayName(RfmSegment.CannotLoseThem));
    }

    [Fact]
    public void Recency_is_whole_days_to_the_as_of_date_and_more_recent_scores_higher()
    {
        var asOf = new DateOnly(2024, 6, 30).DayNumber;
        int[] lastPurchase = [asOf, asOf - 10, asOf - 100, asOf - 1000, asOf - 1];

        var result = Rfm.Score(lastPurchase, [1, 2, 3, 4, 5], [10.0, 20, 30, 40, 50], asOf, CancellationToken.None);

        Assert.Equal([0, 10, 100, 1000, 1], result.RecencyDays);
        Assert.Equal([5, 3, 2, 1, 4], result.RecencyScore);
        Assert.Equal([1, 2, 3, 4, 5], result.FrequencyScore);
        Assert.Equal([1, 2, 3, 4, 5], result.MonetaryScore);
        Assert.Equal(RfmSegment.NewCustomers, result.Segment[0]);      // R5 F1
        Assert.Equal(RfmSegment.AtRisk, result.Segment[3]);            // R1 F4
        Assert.Equal(RfmSegment.LoyalCustomers, result.Segment[4]);    // R4 F5
    }

    [Fact]
    public void Segment_counts_add_up_to_the_customers()
    {
        var random = new Random(13);
        const int n = 10_000;
        var asOf = 800_000;
        var last = Enumerable.Range(0, n).Select(_ => asOf - random.Next(0, 700)).ToArray();
        var frequency = Enumerable.Range(0, n).Select(_ => 1 + (int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 3)).ToArray();
        var monetary = frequency.Select(f => f * 20 * random.NextDouble()).ToArray();

        var result = Rfm.Score(last, frequency, monetary, asOf, CancellationToken.None);

        Assert.Equal(n, result.SegmentCounts.Sum());
        for (var i = 0; i < n; i += 37)
        {
            Assert.Equal(RfmSegments.Of(result.RecencyScore[i], result.FrequencyScore[i]), result.Segment[i]);
        }
    }

    [Fact]
    public void A_purchase_after_the_as_of_date_or_a_customer_without_orders_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfm.Score([101], [1], [5.0], 100, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfm.Score([99], [0], [5.0], 100, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => Rfm.Score([99], [1], [double.NaN], 100, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => Rfm.Score([99, 98], [1], [5.0], 100, CancellationToken.None));
    }

    [Fact]
    public void No_customers_give_an_empty_result()
    {
        var result = Rfm.Score([], [], [], 100, CancellationToken.None);

        Assert.Equal(0, result.Count);
        Assert.All(result.SegmentCounts, c => Assert.Equal(0, c));
    }
}
