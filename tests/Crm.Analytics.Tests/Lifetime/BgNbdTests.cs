using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class BgNbdTests
{
    private static readonly BgNbdParameters Paper = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Given_the_published_CDNOW_summary_When_fitting_BG_NBD_Then_parameters_and_log_likelihood_match_the_paper()
    {
        var fit = BgNbdModel.Fit(CdnowData.Summary);

        AssertMatchesPaper(fit);
    }

    [Fact]
    public void Given_the_raw_CDNOW_sample_through_the_summarizer_When_fitting_BG_NBD_Then_parameters_and_log_likelihood_match_the_paper()
    {
        var fit = BgNbdModel.Fit(LifetimeAssert.SummarizeSample());

        AssertMatchesPaper(fit);
    }

    [Fact]
    public void Given_the_published_parameters_Then_the_log_likelihood_of_the_CDNOW_summary_is_minus_9582_4()
    {
        var total = BgNbdModel.LogLikelihood(Paper, CdnowData.Summary);

        Assert.Equal(-9582.4, Math.Round(total, 1));
    }

    [Fact]
    public void Given_the_CDNOW_summary_Then_the_bulk_log_likelihood_equals_the_sum_of_per_customer_log_likelihoods()
    {
        var data = CdnowData.Summary;
        var sum = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            sum += Paper.LogLikelihood(data.X[i], data.Tx[i], data.T[i]);
        }

        LifetimeAssert.Close(sum, BgNbdModel.LogLikelihood(Paper, data), 1e-12);
    }

    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426)]
    [InlineData(3.0, 0.5, 5.0, 0.2)]
    [InlineData(0.01, 80.0, 0.05, 40.0)]
    public void Given_any_parameters_Then_the_analytic_gradient_matches_finite_differences(double r, double alpha, double a, double b)
    {
        var objective = new BgNbdModel.Objective(CdnowData.Summary, 2);

        LifetimeAssert.GradientMatchesFiniteDifferences(objective, [Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(78.0)]
    [InlineData(520.0)]
    public void Given_the_paper_parameters_Then_expected_purchases_equal_equation_9_with_the_hypergeometric_function(double t)
    {
        var p = Paper;
        var direct = (p.A + p.B - 1) / (p.A - 1)
            * (1 - (Math.Pow(p.Alpha / (p.Alpha + t), p.R) * SpecialFunctions.Hypergeometric2F1(p.R, p.B, p.A + p.B - 1, t / (p.Alpha + t))));

        LifetimeAssert.Close(direct, p.ExpectedPurchases(t), 1e-10);
    }

    [Theory]
    [InlineData(39.0, 2, 30.43, 38.86)]
    [InlineData(39.0, 0, 0.0, 38.86)]
    [InlineData(52.0, 10, 30.0, 32.0)]
    [InlineData(5.0, 1, 0.5, 27.0)]
    public void Given_a_customer_history_Then_conditional_expected_purchases_equal_equation_10_with_the_hypergeometric_function(double t, int x, double tx, double age)
    {
        var p = Paper;
        var z = t / (p.Alpha + age + t);
        var numerator = (p.A + p.B + x - 1) / (p.A - 1)
            * (1 - (Math.Pow((p.Alpha + age) / (p.Alpha + age + t), p.R + x) * SpecialFunctions.Hypergeometric2F1(p.R + x, p.B + x, p.A + p.B + x - 1, z)));
        var denominator = 1 + (x > 0 ? p.A / (p.B + x - 1) * Math.Pow((p.Alpha + age) / (p.Alpha + tx), p.R + x) : 0);

        LifetimeAssert.Close(numerator / denominator, p.ConditionalExpectedPurchases(t, x, tx, age), 1e-10);
    }

    [Fact]
    public void Given_a_equal_to_one_Then_conditional_expected_purchases_are_finite_and_continuous()
    {
        var atOne = Paper with { A = 1.0 };
        var below = Paper with { A = 1.0 - 1e-7 };
        var above = Paper with { A = 1.0 + 1e-7 };

        var value = atOne.ConditionalExpectedPurchases(39, 2, 30.43, 38.86);

        Assert.True(double.IsFinite(value) && value > 0);
        LifetimeAssert.Close(value, below.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 1e-6);
        LifetimeAssert.Close(value, above.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 1e-6);
    }

    [Fact]
    public void Given_customers_simulated_from_the_model_Then_their_mean_purchase_count_matches_the_expected_purchases()
    {
        const int n = 400_000;
        var simulated = LifetimeSimulator.BgNbd(Paper, n, 39, 39, seed: 11);
        var mean = simulated.X.Average();
        var sd = Math.Sqrt(simulated.X.Select(x => (x - mean) * (x - mean)).Sum() / (n - 1));

        Assert.InRange(Paper.ExpectedPurchases(39), mean - (4 * sd / Math.Sqrt(n)), mean + (4 * sd / Math.Sqrt(n)));
    }

    [Fact]
    public void Given_one_million_simulated_customers_When_fitting_Then_the_true_parameters_are_recovered_within_4_percent()
    {
        var simulated = LifetimeSimulator.BgNbd(Paper, 1_000_000, 27, 39, seed: 42);

        var fit = BgNbdModel.Fit(simulated);

        Assert.True(fit.Converged, fit.Message);
        LifetimeAssert.Close(Paper.R, fit.Parameters.R, 0.04 * Paper.R, "r");
        LifetimeAssert.Close(Paper.Alpha, fit.Parameters.Alpha, 0.04, "alpha");
        LifetimeAssert.Close(Paper.A, fit.Parameters.A, 0.04 * Paper.A, "a");
        LifetimeAssert.Close(Paper.B, fit.Parameters.B, 0.04, "b");
    }

    [Fact]
    public void Given_one_or_two_threads_When_fitting_Then_the_results_are_bit_for_bit_identical()
    {
        var simulated = LifetimeSimulator.BgNbd(Paper, 100_000, 27, 39, seed: 3);

        var one = BgNbdModel.Fit(simulated, new OptimizerOptions(MaxDegreeOfParallelism: 1));
        var two = BgNbdModel.Fit(simulated, new OptimizerOptions(MaxDegreeOfParallelism: 2));

        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.LogLikelihood, two.LogLikelihood);
    }

    [Fact]
    public void Given_the_CDNOW_master_over_the_39_week_calibration_When_fitting_Then_it_converges_near_the_sample_estimates()
    {
        var log = CdnowData.MasterLog;
        var data = TransactionSummarizer.Summarize(log.CustomerIds, log.DayNumbers, log.Amounts, CdnowData.CalibrationEnd, TimeUnit.Week);

        var fit = BgNbdModel.Fit(data);

        Assert.Equal(23_570, fit.Customers);
        Assert.True(fit.Converged, fit.Message);

        // The sample is a 1/10 draw of the master: same population, so the master's estimates lie within the sample's
        // sampling error of the sample's. Standard errors of the sample fit from the observed information (numerical
        // Hessian of the analytic gradient, in log-parameters); three of them allowed.
        var sample = CdnowData.Summary;
        var sampleFit = BgNbdModel.Fit(sample);
        var p = sampleFit.Parameters;
        double[] logSample = [Math.Log(p.R), Math.Log(p.Alpha), Math.Log(p.A), Math.Log(p.B)];
        var standardErrors = LifetimeAssert.StandardErrors(new BgNbdModel.Objective(sample, 2), logSample, sample.Count);
        double[] logMaster = [Math.Log(fit.Parameters.R), Math.Log(fit.Parameters.Alpha), Math.Log(fit.Parameters.A), Math.Log(fit.Parameters.B)];
        for (var k = 0; k < 4; k++)
        {
            Assert.InRange(logMaster[k], logSample[k] - (3 * standardErrors[k]), logSample[k] + (3 * standardErrors[k]));
        }
    }

    [Fact]
    public void Given_a_one_time_buyer_Then_P_alive_is_one_and_the_likelihood_is_the_survival_term()
    {
        Assert.Equal(1.0, Paper.ProbabilityAlive(0, 0, 38.86));
        var expected = SpecialFunctions.LogGamma(Paper.R) - SpecialFunctions.LogGamma(Paper.R)
            + (Paper.R * Math.Log(Paper.Alpha)) - (Paper.R * Math.Log(Paper.Alpha + 38.86));
        LifetimeAssert.Close(expected, Paper.LogLikelihood(0, 0, 38.86), 1e-14);
    }

    [Fact]
    public void Given_a_repeat_buyer_Then_P_alive_follows_the_closed_form_and_falls_as_time_since_the_last_purchase_grows()
    {
        var p = Paper;
        var direct = 1 / (1 + (p.A / (p.B + 2 - 1) * Math.Pow((p.Alpha + 38.86) / (p.Alpha + 30.43), p.R + 2)));

        LifetimeAssert.Close(direct, p.ProbabilityAlive(2, 30.43, 38.86), 1e-14);
        Assert.True(p.ProbabilityAlive(2, 10, 38.86) < p.ProbabilityAlive(2, 30.43, 38.86));
    }

    [Fact]
    public void Given_only_one_time_buyers_When_fitting_Then_an_ArgumentException_explains_the_model_is_not_identified()
    {
        var data = CalibrationSummary.FromArrays([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0]);

        var error = Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(data));

        Assert.Contains("repeat purchase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_customers_When_fitting_Then_an_ArgumentException_is_thrown()
    {
        var data = CalibrationSummary.FromArrays([], [], []);

        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(data));
    }

    [Fact]
    public void Given_a_single_repeat_buyer_among_one_time_buyers_When_fitting_Then_the_result_is_finite()
    {
        var data = CalibrationSummary.FromArrays([0, 0, 1, 0], [0.0, 0.0, 5.0, 0.0], [10.0, 20.0, 30.0, 39.0]);

        var fit = BgNbdModel.Fit(data);

        Assert.True(double.IsFinite(fit.LogLikelihood));
        Assert.True(double.IsFinite(fit.Parameters.R) && double.IsFinite(fit.Parameters.Alpha));
    }

    [Fact]
    public void Given_a_cancelled_token_When_fitting_Then_the_fit_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => BgNbdModel.Fit(CdnowData.Summary, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Given_bulk_predictions_Then_they_equal_the_per_customer_predictions()
    {
        var data = CdnowData.Summary;

        var alive = BgNbdModel.ProbabilityAlive(Paper, data);
        var expected = BgNbdModel.ConditionalExpectedPurchases(Paper, data, 39);

        Assert.Equal(Paper.ProbabilityAlive(data.X[0], data.Tx[0], data.T[0]), alive[0]);
        Assert.Equal(Paper.ConditionalExpectedPurchases(39, data.X[^1], data.Tx[^1], data.T[^1]), expected[^1]);
        Assert.All(alive, value => Assert.InRange(value, 0.0, 1.0));
    }

    private static void AssertMatchesPaper(ModelFit<BgNbdParameters> fit)
    {
        Assert.True(fit.Converged, fit.Message);
        Assert.Equal(2357, fit.Customers);
        LifetimeAssert.MatchesPublished(0.243, 3, fit.Parameters.R, "r");
        LifetimeAssert.MatchesPublished(4.414, 3, fit.Parameters.Alpha, "alpha");
        LifetimeAssert.MatchesPublished(0.793, 3, fit.Parameters.A, "a");
        LifetimeAssert.MatchesPublished(2.426, 3, fit.Parameters.B, "b");
        Assert.Equal(-9582.4, Math.Round(fit.LogLikelihood, 1));
    }

    [Theory]
    [InlineData(0, 0.0, 10.0)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(7, 35.0, 36.0)]
    public void Given_moderate_parameters_When_computing_by_equation_10_Then_it_equals_the_rearranged_series(int x, double tx, double age)
    {
        LifetimeAssert.Close(Paper.ConditionalExpectedPurchases(39, x, tx, age), Paper.ConditionalExpectedPurchasesByEquation10(39, x, tx, age), 1e-9);
    }

    [Fact]
    public void Given_a_fit_where_almost_nobody_drops_out_When_predicting_Then_expected_purchases_are_finite_and_below_the_no_dropout_bound()
    {
        // A fit of this shape came from demo data: a ≈ 2.4·10^5 and b ≈ 5·10^6 overflowed the rearranged series (NaN).
        var p = new BgNbdParameters(0.6629, 2.8129, 244_610.6, 5_046_832.3);
        foreach (var (x, tx, age) in new[] { (0, 0.0, 5.0), (3, 20.0, 40.0), (12, 50.0, 52.0) })
        {
            var expected = p.ConditionalExpectedPurchases(52, x, tx, age);

            // Alive customers buy at the gamma-posterior mean rate (r + x) / (α + T); dropping out (p ≈ 4.6% a purchase) lowers it, not by half.
            var noDropout = (p.R + x) / (p.Alpha + age) * 52;
            Assert.True(double.IsFinite(expected), $"x = {x}: {expected}");
            Assert.InRange(expected, 0.5 * noDropout * p.ProbabilityAlive(x, tx, age), noDropout);
        }
    }
}
