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

    /// <summary>
    /// Analytic gradient against the five-point central difference with step 1e-4 in each log-parameter (truncation error
    /// of order h^4 = 1e-16, rounding error of order 1e-14 / h = 1e-10, well below the 1e-8 absolute floor of the check).
    /// </summary>
    public static void GradientMatchesFiniteDifferences(IDifferentiableFunction function, double[] point, double relativeTolerance = 1e-6)
    {
        var gradient = new double[point.Length];
        var ignored = new double[point.Length];
        function.Evaluate(point, gradient, CancellationToken.None);
        const double h = 1e-4;
        for (var k = 0; k < point.Length; k++)
        {
            double At(double offset)
            {
                var shifted = (double[])point.Clone();
                shifted[k] += offset;
                return function.Evaluate(shifted, ignored, CancellationToken.None);
            }

            var numeric = (-At(2 * h) + (8 * At(h)) - (8 * At(-h)) + At(-2 * h)) / (12 * h);
            Assert.True(
                Math.Abs(numeric - gradient[k]) <= relativeTolerance * Math.Max(1e-2, Math.Abs(numeric)),
                $"d/dθ{k}: analytic {gradient[k]:R}, finite difference {numeric:R}.");
        }
    }

    /// <summary>
    /// Standard errors of the log-parameters at a maximum of a mean negative log-likelihood over <paramref name="customers"/>
    /// customers: square roots of the diagonal of the inverse observed information, the Hessian taken by central
    /// differences of the analytic gradient.
    /// </summary>
    public static double[] StandardErrors(IDifferentiableFunction meanNegativeLogLikelihood, double[] point, int customers)
    {
        var n = point.Length;
        var hessian = new double[n, n];
        var plus = new double[n];
        var minus = new double[n];
        const double h = 1e-5;
        for (var k = 0; k < n; k++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[k] += h;
            down[k] -= h;
            meanNegativeLogLikelihood.Evaluate(up, plus, CancellationToken.None);
            meanNegativeLogLikelihood.Evaluate(down, minus, CancellationToken.None);
            for (var j = 0; j < n; j++)
            {
                hessian[j, k] = (plus[j] - minus[j]) / (2 * h) * customers;
            }
        }

        var inverse = Invert(hessian);
        var errors = new double[n];
        for (var k = 0; k < n; k++)
        {
            errors[k] = Math.Sqrt(inverse[k, k]);
        }

        return errors;
    }

    public static CalibrationSummary SummarizeSample(TimeUnit unit = TimeUnit.Week)
    {
        var log = CdnowData.SampleLog;
        return TransactionSummarizer.Summarize(log.CustomerIds, log.DayNumbers, log.Amounts, CdnowData.CalibrationEnd, unit);
    }

    private static double[,] Invert(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            inverse[i, i] = 1;
        }

        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
            {
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column]))
                {
                    pivot = row;
                }
            }

            for (var k = 0; k < n; k++)
            {
                (a[column, k], a[pivot, k]) = (a[pivot, k], a[column, k]);
                (inverse[column, k], inverse[pivot, k]) = (inverse[pivot, k], inverse[column, k]);
            }

            var scale = a[column, column];
            for (var k = 0; k < n; k++)
            {
                a[column, k] /= scale;
                inverse[column, k] /= scale;
            }

            for (var row = 0; row < n; row++)
            {
                if (row != column)
                {
                    var factor = a[row, column];
                    for (var k = 0; k < n; k++)
                    {
                        a[row, k] -= factor * a[column, k];
                        inverse[row, k] -= factor * inverse[column, k];
                    }
                }
            }
        }

        return inverse;
    }
}
