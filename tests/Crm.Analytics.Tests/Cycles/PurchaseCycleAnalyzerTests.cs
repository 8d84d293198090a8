using Crm.Analytics.Engine.Cycles;
using Crm.Analytics.Tests.Lifetime;

namespace Crm.Analytics.Tests.Cycles;

public sealed class PurchaseCycleAnalyzerTests
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    [Fact]
    public void Given_an_odd_number_of_gaps_Then_the_typical_interval_is_the_middle_gap_and_the_next_purchase_follows_it()
    {
        // Gaps 10, 30, 12 -> median 12.
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 1, 1], Days(0, 10, 40, 52), Start.AddDays(60));

        var cycle = Assert.Single(cycles);
        Assert.Equal(4, cycle.PurchaseDays);
        Assert.Equal(12.0, cycle.TypicalIntervalDays);
        Assert.Equal(Start, cycle.FirstPurchase);
        Assert.Equal(Start.AddDays(52), cycle.LastPurchase);
        Assert.Equal(Start.AddDays(64), cycle.ExpectedNextPurchase);
    }

    [Fact]
    public void Given_an_even_number_of_gaps_Then_the_typical_interval_is_the_mean_of_the_two_middle_gaps_rounded_for_the_date()
    {
        // Gaps 7, 8 -> 7.5 days; next purchase 7.5 days after the last, rounded half away from zero to 8.
        var cycles = PurchaseCycleAnalyzer.Analyze([5, 5, 5], Days(0, 7, 15), Start.AddDays(15));

        var cycle = Assert.Single(cycles);
        Assert.Equal(7.5, cycle.TypicalIntervalDays);
        Assert.Equal(Start.AddDays(23), cycle.ExpectedNextPurchase);
    }

    [Fact]
    public void Given_customers_with_fewer_than_three_purchase_days_Then_they_have_no_cycle()
    {
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 2, 3, 3, 3], Days(0, 9, 0, 0, 5, 11), Start.AddDays(20));

        Assert.Equal([3], cycles.Select(c => c.CustomerId));
    }

    [Fact]
    public void Given_several_purchases_on_one_day_Then_they_count_as_one_purchase_day()
    {
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 1, 1, 1], Days(0, 0, 10, 10, 10), Start.AddDays(20));

        Assert.Empty(cycles);
    }

    [Fact]
    public void Given_purchases_after_the_analysis_date_Then_they_are_ignored()
    {
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 1, 1], Days(0, 10, 20, 90), Start.AddDays(30));

        var cycle = Assert.Single(cycles);
        Assert.Equal(3, cycle.PurchaseDays);
        Assert.Equal(Start.AddDays(20), cycle.LastPurchase);
    }

    [Fact]
    public void Given_no_transactions_Then_there_are_no_cycles_and_nobody_is_due()
    {
        var cycles = PurchaseCycleAnalyzer.Analyze([], ReadOnlySpan<DateOnly>.Empty, Start);

        Assert.Empty(cycles);
        Assert.Empty(PurchaseCycleAnalyzer.DueToBuyAgain(cycles, Start));
    }

    [Fact]
    public void Given_the_default_factor_Then_customers_are_due_only_after_one_and_a_half_intervals_with_days_overdue_from_the_expected_date()
    {
        // Customer 1: interval 10, last day 20; customer 2: interval 20, last day 40.
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 1, 2, 2, 2], Days(0, 10, 20, 0, 20, 40), Start.AddDays(40));

        Assert.Empty(PurchaseCycleAnalyzer.DueToBuyAgain(cycles, Start.AddDays(35))); // 15 days = exactly 1.5 intervals: not yet
        var due = PurchaseCycleAnalyzer.DueToBuyAgain(cycles, Start.AddDays(36));

        var only = Assert.Single(due);
        Assert.Equal(1, only.CustomerId);
        Assert.Equal(16, only.DaysSinceLastPurchase);
        Assert.Equal(6, only.DaysOverdue);
        Assert.Equal(Start.AddDays(30), only.ExpectedNextPurchase);
    }

    [Fact]
    public void Given_a_configured_factor_Then_it_sets_the_threshold_and_the_most_overdue_come_first()
    {
        var cycles = PurchaseCycleAnalyzer.Analyze([1, 1, 1, 2, 2, 2], Days(0, 10, 20, 0, 20, 40), Start.AddDays(40));

        var due = PurchaseCycleAnalyzer.DueToBuyAgain(cycles, Start.AddDays(61), factor: 1.0);

        Assert.Equal([1, 2], due.Select(d => d.CustomerId));
        Assert.Equal([31, 1], due.Select(d => d.DaysOverdue));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Given_a_factor_that_is_not_positive_Then_an_ArgumentOutOfRangeException_is_thrown(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PurchaseCycleAnalyzer.DueToBuyAgain([], Start, factor));
    }

    [Fact]
    public void Given_the_CDNOW_sample_Then_cycles_match_a_straightforward_reference_computation()
    {
        var log = CdnowData.SampleLog;
        var asOf = new DateOnly(1998, 6, 30);

        var cycles = PurchaseCycleAnalyzer.Analyze(log.CustomerIds, log.DayNumbers, asOf);

        var reference = log.CustomerIds.Zip(log.DayNumbers)
            .GroupBy(p => p.First)
            .Select(g => (Customer: g.Key, Days: g.Select(p => p.Second).Distinct().Order().ToArray()))
            .Where(c => c.Days.Length >= 3)
            .OrderBy(c => c.Customer)
            .Select(c =>
            {
                var gaps = c.Days.Zip(c.Days.Skip(1), (a, b) => b - a).Order().ToArray();
                var median = gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[(gaps.Length / 2) - 1] + gaps[gaps.Length / 2]) / 2.0;
                return (c.Customer, c.Days.Length, median);
            })
            .ToArray();
        Assert.Equal(reference, cycles.Select(c => (c.CustomerId, c.PurchaseDays, c.TypicalIntervalDays)).ToArray());
    }

    [Fact]
    public void Given_a_cancelled_token_Then_the_analysis_is_cancelled()
    {
        var log = CdnowData.SampleLog;
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => PurchaseCycleAnalyzer.Analyze(log.CustomerIds, log.DayNumbers, new DateOnly(1998, 6, 30), cancellation.Token));
    }

    private static int[] Days(params int[] offsets) => [.. offsets.Select(o => Start.AddDays(o).DayNumber)];
}
