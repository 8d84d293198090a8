using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class CustomerLifetimeValueTests
{
    private static readonly BgNbdParameters Purchases = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaParameters Spend = new(6.25, 3.74, 15.44);

    [Fact]
    public void Given_a_12_month_horizon_in_weeks_Then_CLV_is_the_discounted_sum_of_monthly_expected_purchases_times_expected_value()
    {
        var data = CalibrationSummary.FromArrays([2], [30.43], [38.86], [22.35]);
        var value = Spend.ConditionalExpectedAverageValue(2, 22.35);
        var expected = 0.0;
        for (var month = 1; month <= 12; month++)
        {
            var increment = Purchases.ConditionalExpectedPurchases(month * 4.345, 2, 30.43, 38.86)
                - Purchases.ConditionalExpectedPurchases((month - 1) * 4.345, 2, 30.43, 38.86);
            expected += value * increment / Math.Pow(1.01, month);
        }

        var clv = CustomerLifetimeValue.Compute(Purchases, Spend, data, 12, 0.01);

        LifetimeAssert.Close(expected, clv[0], 1e-12);
    }

    [Fact]
    public void Given_no_discount_Then_CLV_is_expected_value_times_expected_purchases_over_the_whole_horizon()
    {
        var data = CalibrationSummary.FromArrays([0, 5], [0.0, 20.0], [30.0, 35.0], [0.0, 40.0]);

        var clv = CustomerLifetimeValue.Compute(Purchases, Spend, data, 6, 0.0);

        for (var i = 0; i < 2; i++)
        {
            var expected = Spend.ConditionalExpectedAverageValue(data.X[i], data.Zbar[i])
                * Purchases.ConditionalExpectedPurchases(6 * 4.345, data.X[i], data.Tx[i], data.T[i]);
            LifetimeAssert.Close(expected, clv[i], 1e-12);
        }
    }

    [Fact]
    public void Given_times_in_days_Then_a_month_is_30_days()
    {
        var daily = new BgNbdParameters(0.243, 4.414 * 7, 0.793, 2.426);
        var data = CalibrationSummary.FromArrays([2], [213.0], [272.0], [22.35], TimeUnit.Day);
        var expected = Spend.ConditionalExpectedAverageValue(2, 22.35) * daily.ConditionalExpectedPurchases(30, 2, 213, 272) / 1.02;

        var clv = CustomerLifetimeValue.Compute(daily, Spend, data, 1, 0.02);

        LifetimeAssert.Close(expected, clv[0], 1e-12);
    }

    [Fact]
    public void Given_the_CDNOW_sample_with_Pareto_NBD_Then_every_CLV_is_finite_and_positive_and_grows_with_the_horizon()
    {
        var data = CdnowData.Summary;
        var pareto = new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669);

        var year = CustomerLifetimeValue.Compute(pareto, Spend, data, 12, 0.01);
        var twoYears = CustomerLifetimeValue.Compute(pareto, Spend, data, 24, 0.01);

        Assert.All(year, value => Assert.True(double.IsFinite(value) && value > 0));
        Assert.All(Enumerable.Range(0, data.Count), i => Assert.True(twoYears[i] > year[i]));
    }

    [Fact]
    public void Given_a_zero_month_horizon_Then_CLV_is_zero()
    {
        var clv = CustomerLifetimeValue.Compute(Purchases, Spend, CdnowData.Summary, 0, 0.01);

        Assert.All(clv, value => Assert.Equal(0.0, value));
    }

    [Fact]
    public void Given_a_discount_rate_of_minus_one_or_less_Then_an_ArgumentOutOfRangeException_is_thrown()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerLifetimeValue.Compute(Purchases, Spend, CdnowData.Summary, 12, -1));
    }

    [Fact]
    public void Given_a_cancelled_token_Then_the_computation_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => CustomerLifetimeValue.Compute(Purchases, Spend, CdnowData.Summary, 12, 0.01, cancellation.Token));
    }
}
