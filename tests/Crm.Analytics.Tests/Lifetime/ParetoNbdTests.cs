using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class ParetoNbdTests
{
    private static readonly ParetoNbdParameters Paper = new(0.553, 10.578, 0.606, 11.669);

    [Fact]
    public void Given_the_published_CDNOW_summary_When_fitting_Pareto_NBD_Then_parameters_and_log_likelihood_match_the_paper()
    {
        var fit = ParetoNbdModel.Fit(CdnowData.Summary);

        AssertMatchesPaper(fit);
    }

    [Fact]
    public void Given_the_raw_CDNOW_sample_through_the_summarizer_When_fitting_Pareto_NBD_Then_parameters_and_log_likelihood_match_the_paper()
    {
        var fit = ParetoNbdModel.Fit(LifetimeAssert.SummarizeSample());

        AssertMatchesPaper(fit);
    }

    [Fact]
    public void Given_the_published_parameters_Then_the_log_likelihood_of_the_CDNOW_summary_is_minus_9595_0()
    {
        Assert.Equal(-9595.0, Math.Round(ParetoNbdModel.LogLikelihood(Paper, CdnowData.Summary), 1));
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86)] // alpha < beta
    [InlineData(0.553, 14.0, 0.606, 3.0, 2, 30.43, 38.86)] // alpha > beta
    [InlineData(0.553, 7.0, 0.606, 7.0, 5, 12.0, 38.0)] // alpha = beta
    [InlineData(2.5, 0.3, 0.05, 90.0, 0, 0.0, 38.86)] // one-time buyer, argument of 2F1 near 1
    [InlineData(0.05, 200.0, 3.0, 0.5, 1, 0.14, 30.0)] // argument of 2F1 near 1 the other way
    [InlineData(0.553, 10.578, 0.606, 11.669, 3, 38.0, 38.86)] // last purchase close to T
    public void Given_any_parameters_Then_the_likelihood_equals_its_integral_form_by_quadrature(
        double r, double alpha, double s, double beta, int x, double tx, double age)
    {
        // L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]
        var integral = Simpson(tau => Math.Pow(alpha + tau, -(r + x)) * Math.Pow(beta + tau, -(s + 1)), tx, age, 200_000);
        var bracket = (Math.Pow(alpha + age, -(r + x)) * Math.Pow(beta + age, -s)) + (s * integral);
        var expected = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta)) + Math.Log(bracket);

        var actual = new ParetoNbdParameters(r, alpha, s, beta).LogLikelihood(x, tx, age);

        LifetimeAssert.Close(expected, actual, 1e-10);
    }

    [Fact]
    public void Given_alpha_crossing_beta_Then_the_likelihood_is_continuous()
    {
        var below = new ParetoNbdParameters(0.553, 11.669 * (1 - 1e-9), 0.606, 11.669);
        var above = new ParetoNbdParameters(0.553, 11.669 * (1 + 1e-9), 0.606, 11.669);

        LifetimeAssert.Close(below.LogLikelihood(2, 30.43, 38.86), above.LogLikelihood(2, 30.43, 38.86), 1e-8);
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669)]
    [InlineData(0.553, 14.0, 0.606, 3.0)]
    [InlineData(2.0, 1.0, 0.1, 60.0)]
    public void Given_either_ordering_of_alpha_and_beta_Then_the_analytic_gradient_matches_finite_differences(double r, double alpha, double s, double beta)
    {
        var objective = new ParetoNbdModel.Objective(CdnowData.Summary, 2);

        LifetimeAssert.GradientMatchesFiniteDifferences(objective, [Math.Log(r), Math.Log(alpha), Math.Log(s), Math.Log(beta)]);
    }

    [Fact]
    public void Given_a_customer_whose_last_purchase_is_at_T_Then_P_alive_is_one()
    {
        Assert.Equal(1.0, Paper.ProbabilityAlive(4, 38.86, 38.86));
    }

    [Fact]
    public void Given_a_customer_history_Then_P_alive_is_the_alive_share_of_the_likelihood_and_falls_with_inactivity()
    {
        var logAlive = SpecialFunctions.LogGamma(Paper.R + 2) - SpecialFunctions.LogGamma(Paper.R) + (Paper.R * Math.Log(Paper.Alpha))
            + (Paper.S * Math.Log(Paper.Beta)) - ((Paper.R + 2) * Math.Log(Paper.Alpha + 38.86)) - (Paper.S * Math.Log(Paper.Beta + 38.86));

        LifetimeAssert.Close(Math.Exp(logAlive - Paper.LogLikelihood(2, 30.43, 38.86)), Paper.ProbabilityAlive(2, 30.43, 38.86), 1e-12);
        Assert.True(Paper.ProbabilityAlive(2, 5, 38.86) < Paper.ProbabilityAlive(2, 30.43, 38.86));
    }

    [Fact]
    public void Given_a_customer_history_Then_conditional_expected_purchases_follow_the_closed_form()
    {
        var p = Paper;
        var direct = (p.R + 2) * (p.Beta + 38.86) / ((p.Alpha + 38.86) * (p.S - 1))
            * (1 - Math.Pow((p.Beta + 38.86) / (p.Beta + 38.86 + 39), p.S - 1)) * p.ProbabilityAlive(2, 30.43, 38.86);

        LifetimeAssert.Close(direct, p.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 1e-12);
    }

    [Fact]
    public void Given_s_equal_to_one_Then_expected_purchases_take_the_logarithmic_limit()
    {
        var p = Paper with { S = 1.0 };

        var expected = p.R * p.Beta / p.Alpha * Math.Log(1 + (39 / p.Beta));

        LifetimeAssert.Close(expected, p.ExpectedPurchases(39), 1e-12);
        LifetimeAssert.Close((Paper with { S = 1 + 1e-8 }).ExpectedPurchases(39), p.ExpectedPurchases(39), 1e-7);
    }

    [Fact]
    public void Given_only_one_time_buyers_When_fitting_Then_an_ArgumentException_is_thrown()
    {
        var data = CalibrationSummary.FromArrays([0, 0], [0.0, 0.0], [10.0, 20.0]);

        Assert.Throws<ArgumentException>(() => ParetoNbdModel.Fit(data));
    }

    [Fact]
    public void Given_no_customers_When_fitting_Then_an_ArgumentException_is_thrown()
    {
        Assert.Throws<ArgumentException>(() => ParetoNbdModel.Fit(CalibrationSummary.FromArrays([], [], [])));
    }

    [Fact]
    public void Given_a_cancelled_token_When_fitting_Then_the_fit_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ParetoNbdModel.Fit(CdnowData.Summary, cancellationToken: cancellation.Token));
    }

    private static void AssertMatchesPaper(ModelFit<ParetoNbdParameters> fit)
    {
        Assert.True(fit.Converged, fit.Message);
        LifetimeAssert.MatchesPublished(0.553, 3, fit.Parameters.R, "r");
        LifetimeAssert.MatchesPublished(10.578, 3, fit.Parameters.Alpha, "alpha");
        LifetimeAssert.MatchesPublished(0.606, 3, fit.Parameters.S, "s");
        LifetimeAssert.MatchesPublished(11.669, 3, fit.Parameters.Beta, "beta");
        Assert.Equal(-9595.0, Math.Round(fit.LogLikelihood, 1));
    }

    private static double Simpson(Func<double, double> f, double from, double to, int intervals)
    {
        var h = (to - from) / intervals;
        var sum = f(from) + f(to);
        for (var i = 1; i < intervals; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * f(from + (i * h));
        }

        return sum * h / 3;
    }
}
