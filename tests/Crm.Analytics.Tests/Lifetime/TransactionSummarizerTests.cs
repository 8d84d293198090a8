using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class TransactionSummarizerTests
{
    private static readonly DateOnly End = new(2024, 3, 31);

    [Fact]
    public void Given_the_CDNOW_sample_When_summarizing_the_39_week_calibration_Then_every_customer_matches_the_published_summary()
    {
        var mine = LifetimeAssert.SummarizeSample();
        var published = CdnowData.Summary;

        Assert.Equal(2357, published.Count);
        Assert.Equal(published.CustomerIds, mine.CustomerIds);
        Assert.Equal(published.X, mine.X);
        for (var i = 0; i < published.Count; i++)
        {
            // The published file rounds to 2 decimals with halves up (22.345 -> 22.35); the inner rounding removes
            // binary noise such as 18.134999999999998 for 18.135, and decimal keeps 35.175 a true midpoint.
            Assert.Equal(published.Tx[i], RoundHalfUp(mine.Tx[i]));
            Assert.Equal(published.T[i], RoundHalfUp(mine.T[i]));
            Assert.Equal(published.Zbar[i], RoundHalfUp(mine.Zbar[i]));
        }
    }

    [Fact]
    public void Given_the_CDNOW_sample_Then_T_runs_from_the_first_purchase_to_the_calibration_end_in_days_over_7()
    {
        var mine = LifetimeAssert.SummarizeSample();

        // Customer 1 first bought on 1997-01-01: 272 days to 1997-09-30; bought again on 01-18 and 08-02 (repeats 29.73 and 14.96).
        Assert.Equal(1, mine.CustomerIds[0]);
        Assert.Equal(2, mine.X[0]);
        Assert.Equal(272 / 7.0, mine.T[0]);
        Assert.Equal(213 / 7.0, mine.Tx[0]);
        Assert.Equal((29.73 + 14.96) / 2, mine.Zbar[0], 12);
        Assert.Equal(38.86, CdnowData.Summary.T[0]);
    }

    [Fact]
    public void Given_the_CDNOW_sample_Then_946_customers_have_a_repeat_purchase_in_the_calibration_period()
    {
        var mine = LifetimeAssert.SummarizeSample();

        Assert.Equal(946, mine.X.Count(x => x > 0));
    }

    [Fact]
    public void Given_purchases_on_the_same_day_When_summarizing_Then_they_are_one_transaction_with_the_summed_value()
    {
        var day = End.AddDays(-70).DayNumber;
        int[] customers = [7, 7, 7, 7];
        int[] days = [day, day + 14, day + 14, day];
        double[] amounts = [10, 5, 7, 3];

        var summary = TransactionSummarizer.Summarize(customers, days, amounts, End, TimeUnit.Week);

        Assert.Equal(1, summary.X[0]);
        Assert.Equal(2.0, summary.Tx[0]);
        Assert.Equal(10.0, summary.T[0]);
        Assert.Equal(12.0, summary.Zbar[0]);
    }

    [Fact]
    public void Given_a_customer_with_one_purchase_Then_x_t_x_and_zbar_are_zero_and_T_is_the_age()
    {
        var summary = TransactionSummarizer.Summarize([3], [End.AddDays(-21).DayNumber], [99.0], End, TimeUnit.Week);

        Assert.Equal(0, summary.X[0]);
        Assert.Equal(0.0, summary.Tx[0]);
        Assert.Equal(3.0, summary.T[0]);
        Assert.Equal(0.0, summary.Zbar[0]);
    }

    [Fact]
    public void Given_zero_value_purchases_Then_they_count_as_purchases()
    {
        var first = End.AddDays(-30).DayNumber;
        var summary = TransactionSummarizer.Summarize([1, 1, 1], [first, first + 10, first + 20], [0.0, 0.0, 6.0], End, TimeUnit.Day);

        Assert.Equal(2, summary.X[0]);
        Assert.Equal(20.0, summary.Tx[0]);
        Assert.Equal(30.0, summary.T[0]);
        Assert.Equal(3.0, summary.Zbar[0]);
    }

    [Fact]
    public void Given_purchases_after_the_calibration_end_Then_they_are_ignored_and_customers_who_start_later_are_absent()
    {
        var before = End.AddDays(-7).DayNumber;
        int[] customers = [1, 1, 1, 2];
        int[] days = [before, End.DayNumber, End.DayNumber + 1, End.DayNumber + 5];
        double[] amounts = [1, 2, 4, 8];

        var summary = TransactionSummarizer.Summarize(customers, days, amounts, End, TimeUnit.Day);

        Assert.Equal([1], summary.CustomerIds);
        Assert.Equal(1, summary.X[0]);
        Assert.Equal(7.0, summary.Tx[0]);
        Assert.Equal(7.0, summary.T[0]);
        Assert.Equal(2.0, summary.Zbar[0]);
    }

    [Fact]
    public void Given_no_transactions_When_summarizing_Then_the_summary_is_empty()
    {
        var summary = TransactionSummarizer.Summarize([], ReadOnlySpan<int>.Empty, [], End, TimeUnit.Week);

        Assert.Equal(0, summary.Count);
    }

    [Fact]
    public void Given_shuffled_transactions_Then_the_summary_equals_that_of_the_ordered_log()
    {
        var log = CdnowData.SampleLog;
        var order = Enumerable.Range(0, log.Count).ToArray();
        new Random(5).Shuffle(order);

        var shuffled = TransactionSummarizer.Summarize(
            order.Select(i => log.CustomerIds[i]).ToArray(),
            order.Select(i => log.DayNumbers[i]).ToArray(),
            order.Select(i => log.Amounts[i]).ToArray(),
            CdnowData.CalibrationEnd,
            TimeUnit.Week);
        var ordered = LifetimeAssert.SummarizeSample();

        Assert.Equal(ordered.CustomerIds, shuffled.CustomerIds);
        Assert.Equal(ordered.X, shuffled.X);
        Assert.Equal(ordered.Tx, shuffled.Tx);
        Assert.Equal(ordered.T, shuffled.T);
        for (var i = 0; i < ordered.Count; i++)
        {
            Assert.Equal(ordered.Zbar[i], shuffled.Zbar[i], 9);
        }
    }

    [Fact]
    public void Given_the_day_unit_Then_times_are_in_days()
    {
        var weeks = LifetimeAssert.SummarizeSample(TimeUnit.Week);
        var days = LifetimeAssert.SummarizeSample(TimeUnit.Day);

        Assert.Equal(272.0, days.T[0]);
        Assert.Equal(TimeUnit.Day, days.Unit);
        for (var i = 0; i < weeks.Count; i++)
        {
            Assert.Equal(weeks.T[i], days.T[i] / 7.0, 12);
        }
    }

    [Fact]
    public void Given_dates_and_decimal_amounts_Then_the_summary_equals_that_of_day_numbers_and_doubles()
    {
        var log = CdnowData.SampleLog;
        var dates = log.DayNumbers.Select(DateOnly.FromDayNumber).ToArray();
        var money = log.Amounts.Select(a => (decimal)a).ToArray();

        var fromDates = TransactionSummarizer.Summarize(log.CustomerIds, dates, money, CdnowData.CalibrationEnd, TimeUnit.Week);
        var fromDays = LifetimeAssert.SummarizeSample();

        Assert.Equal(fromDays.X, fromDates.X);
        Assert.Equal(fromDays.T, fromDates.T);
        Assert.Equal(fromDays.Zbar, fromDates.Zbar);
    }

    [Fact]
    public void Given_arrays_of_different_lengths_When_summarizing_Then_an_ArgumentException_names_them()
    {
        var error = Assert.Throws<ArgumentException>(() => TransactionSummarizer.Summarize([1, 2], [1], [1.0, 2.0], End, TimeUnit.Week));

        Assert.Contains("same length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_cancelled_token_When_summarizing_Then_the_operation_is_cancelled()
    {
        var log = CdnowData.SampleLog;
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TransactionSummarizer.Summarize(
            log.CustomerIds, log.DayNumbers, log.Amounts, CdnowData.CalibrationEnd, TimeUnit.Week, cancellation.Token));
    }

    private static double RoundHalfUp(double value) => (double)Math.Round((decimal)Math.Round(value, 9), 2, MidpointRounding.AwayFromZero);
}
