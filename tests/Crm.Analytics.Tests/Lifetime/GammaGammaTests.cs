using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class GammaGammaTests
{
    [Fact]
    public void Given_the_published_CDNOW_summary_When_fitting_Gamma_Gamma_Then_p_q_and_gamma_match_the_paper()
    {
        var fit = GammaGammaModel.Fit(CdnowData.Summary);

        AssertMatchesPaper(fit);
    }

    [Fact]
    public void Given_the_raw_CDNOW_sample_through_the_summarizer_When_fitting_Gamma_Gamma_Then_p_q_and_gamma_match_the_paper()
    {
        var fit = GammaGammaModel.Fit(LifetimeAssert.SummarizeSample());

        AssertMatchesPaper(fit);
    }

    [Theory]
    [InlineData(6.25, 3.74, 15.44)]
    [InlineData(0.5, 20.0, 1.0)]
    public void Given_any_parameters_Then_the_analytic_gradient_matches_finite_differences(double p, double q, double gamma)
    {
        var data = CdnowData.Summary;
        var x = data.X.Where(v => v > 0).Select(v => (double)v).ToArray();
        var zbar = data.Zbar.Where((_, i) => data.X[i] > 0).ToArray();

        LifetimeAssert.GradientMatchesFiniteDifferences(new GammaGammaModel.Objective(x, zbar, 2), [Math.Log(p), Math.Log(q), Math.Log(gamma)]);
    }

    [Fact]
    public void Given_the_paper_parameters_Then_the_conditional_expected_value_shrinks_zbar_towards_the_population_mean()
    {
        var model = new GammaGammaParameters(6.25, 3.74, 15.44);
        var populationMean = 6.25 * 15.44 / (3.74 - 1);

        Assert.Equal(populationMean, model.ConditionalExpectedAverageValue(0, 0), 12);
        Assert.Equal(6.25 * (15.44 + (2 * 22.35)) / ((6.25 * 2) + 3.74 - 1), model.ConditionalExpectedAverageValue(2, 22.35), 12);
        Assert.InRange(model.ConditionalExpectedAverageValue(2, 100), 0.0, 100.0);
        Assert.InRange(model.ConditionalExpectedAverageValue(2, 100), populationMean, double.MaxValue);
    }

    [Fact]
    public void Given_customers_with_zero_value_repeat_purchases_When_fitting_Then_they_are_left_out_and_counted_as_such()
    {
        var data = CdnowData.Summary;
        int[] x = [.. data.X, 3];
        double[] zbar = [.. data.Zbar, 0.0];

        var fit = GammaGammaModel.Fit(x, zbar);

        Assert.Equal(946, fit.Customers);
        Assert.Equal(GammaGammaModel.Fit(data).Parameters, fit.Parameters);
    }

    [Fact]
    public void Given_no_repeat_buyer_When_fitting_Then_an_ArgumentException_is_thrown()
    {
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([0, 0], [0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([], []));
    }

    [Fact]
    public void Given_a_cancelled_token_When_fitting_Then_the_fit_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => GammaGammaModel.Fit(CdnowData.Summary, cancellationToken: cancellation.Token));
    }

    private static void AssertMatchesPaper(ModelFit<GammaGammaParameters> fit)
    {
        Assert.True(fit.Converged, fit.Message);
        Assert.Equal(946, fit.Customers);
        LifetimeAssert.MatchesPublished(6.25, 2, fit.Parameters.P, "p");
        LifetimeAssert.MatchesPublished(3.74, 2, fit.Parameters.Q, "q");
        LifetimeAssert.MatchesPublished(15.44, 2, fit.Parameters.Gamma, "gamma");
    }
}
