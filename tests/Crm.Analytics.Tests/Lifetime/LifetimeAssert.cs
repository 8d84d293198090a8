using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

internal static class LifetimeAssert
{
    /// <summary>
    /// A published figure is reproduced when the fit is within 1e-3 relative of it, or within half a unit of its last
    /// published digit when that is wider: a figure printed as 0.243 only says the estimate is in [0.2425, 0.2435), so
    /// a relative 1e-3 (0.00024) would reject estimates that round to it (the BG/NBD MLE on this sample is r = 0.24259).
    /// </summary>
    public static void MatchesPublished(double published, int decimals, double actual, string name)
    {
        var tolerance = Math.Max(1e-3 * Math.Abs(published), 0.5 * Math.Pow(10, -decimals));
        Assert.True(
            Math.Abs(actual - published) <= tolerance,
            $"{name}: expected {published} (±{tolerance:G3}), got {actual:R}.");
    }

    public static void Close(double expected, double actual, double relativeTolerance, string name = "value")
    {
        var tolerance = relativeTolerance * Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{name}: expected {expected:R} (±{tolerance:G3}), got {actual:R}.");
    }

    /// <summary>Analytic gradient against central differences with step 1e-6 in each log-parameter.</summary>
    public static void GradientMatchesFiniteDifferences(IDifferentiableFunction function, double[] point, double relativeTolerance = 1e-6)
    {
        var gradient = new double[point.Length];
        var ignored = new double[point.Length];
        function.Evaluate(point, gradient, CancellationToken.None);
        const double h = 1e-6;
        for (var k = 0; k < point.Length; k++)
        {
            var plus = (double[])point.Clone();
            var minus = (double[])point.Clone();
            plus[k] += h;
            minus[k] -= h;
            var numeric = (function.Evaluate(plus, ignored, CancellationToken.None) - function.Evaluate(minus, ignored, CancellationToken.None)) / (2 * h);
            Assert.True(
                Math.Abs(numeric - gradient[k]) <= relativeTolerance * Math.Max(1e-2, Math.Abs(numeric)),
                $"d/dθ{k}: analytic {gradient[k]:R}, finite difference {numeric:R}.");
        }
    }

    public static CalibrationSummary SummarizeSample(TimeUnit unit = TimeUnit.Week)
    {
        var log = CdnowData.SampleLog;
        return TransactionSummarizer.Summarize(log.CustomerIds, log.DayNumbers, log.Amounts, CdnowData.CalibrationEnd, unit);
    }
}
