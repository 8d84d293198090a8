namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Gamma-Gamma spend parameters (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves"; Colombo and Jiang 1999):
/// a transaction's value is Gamma(p, ν) and ν ~ Gamma(q, γ) across customers.
/// </summary>
internal readonly record struct GammaGammaParameters(double P, double Q, double Gamma)
{
    /// <summary>
    /// E[Z | x, zbar] = p (γ + x zbar) / (p x + q - 1), the expected value of a future transaction of a customer whose x repeat
    /// purchases averaged zbar. With x = 0 this is the population mean p γ / (q - 1). Positive infinity when p x + q &lt;= 1
    /// (the model then has no finite mean).
    /// </summary>
    public double ConditionalExpectedAverageValue(int x, double zbar)
    {
        var denominator = (P * x) + Q - 1;
        return denominator > 0 ? P * (Gamma + (x * zbar)) / denominator : double.PositiveInfinity;
    }

    /// <summary>Log-likelihood of one customer's mean value zbar over x &gt; 0 transactions (density of the mean, with its Jacobian).</summary>
    public double LogLikelihood(int x, double zbar)
    {
        var px = P * x;
        return SpecialFunctions.LogGamma(px + Q) - SpecialFunctions.LogGamma(px) - SpecialFunctions.LogGamma(Q) + (Q * Math.Log(Gamma))
            + ((px - 1) * Math.Log(zbar)) + (px * Math.Log(x)) - ((px + Q) * Math.Log((x * zbar) + Gamma));
    }
}

/// <summary>Maximum-likelihood fitting of the Gamma-Gamma spend model.</summary>
/// <remarks>
/// Only customers with x &gt; 0 and zbar &gt; 0 enter the fit: the model describes the mean of repeat transactions, which does
/// not exist for x = 0, and a gamma density has no mass at 0 (a customer whose repeat purchases were all free has zbar = 0).
/// Such customers are skipped, not rejected; <see cref="ModelFit{TParameters}.Customers"/> tells how many entered.
/// The model assumes spend independent of purchase frequency; check the correlation of x and zbar before relying on it.
/// </remarks>
internal static class GammaGammaModel
{
    public static ModelFit<GammaGammaParameters> Fit(CalibrationSummary data, OptimizerOptions? options = null, CancellationToken cancellationToken = default)
        => Fit(data.X, data.Zbar, options, cancellationToken);

    /// <exception cref="ArgumentException">No customer with x &gt; 0 and zbar &gt; 0.</exception>
    public static ModelFit<GammaGammaParameters> Fit(ReadOnlySpan<int> x, ReadOnlySpan<double> zbar, OptimizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (x.Length != zbar.Length)
        {
            throw new ArgumentException($"x ({x.Length}) and zbar ({zbar.Length}) must have the same length.");
        }

        options ??= OptimizerOptions.Default;
        var count = 0;
        for (var i = 0; i < x.Length; i++)
        {
            count += x[i] > 0 && zbar[i] > 0 ? 1 : 0;
        }

        if (count == 0)
        {
            throw new ArgumentException("The Gamma-Gamma model needs at least one customer with a repeat purchase of positive value.", nameof(x));
        }

        var xs = new double[count];
        var zs = new double[count];
        var meanZ = 0.0;
        for (int i = 0, j = 0; i < x.Length; i++)
        {
            if (x[i] > 0 && zbar[i] > 0)
            {
                xs[j] = x[i];
                zs[j] = zbar[i];
                meanZ += zbar[i];
                j++;
            }
        }

        meanZ /= count;
        var objective = new Objective(xs, zs, options.EffectiveParallelism);

        // Start: p = 1 and q = 2 put the population mean p γ / (q - 1) at γ; γ = mean of zbar.
        double[] start = [0.0, Math.Log(2.0), Math.Log(meanZ)];
        var result = Lbfgs.Minimize(objective, start, options, cancellationToken);
        var parameters = new GammaGammaParameters(Math.Exp(result.Point[0]), Math.Exp(result.Point[1]), Math.Exp(result.Point[2]));
        return new ModelFit<GammaGammaParameters>(
            parameters, -result.Value * count, count, result.Iterations, result.Evaluations, result.Converged, result.Message);
    }

    /// <summary>E[Z | x, zbar] for every customer.</summary>
    public static double[] ConditionalExpectedAverageValue(GammaGammaParameters parameters, CalibrationSummary data)
    {
        var result = new double[data.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = parameters.ConditionalExpectedAverageValue(data.X[i], data.Zbar[i]);
        }

        return result;
    }

    /// <summary>Mean negative log-likelihood over (ln p, ln q, ln γ).</summary>
    internal sealed class Objective(double[] x, double[] zbar, int parallelism) : IDifferentiableFunction
    {
        private const int Width = 4;
        private readonly double[] scratch = new double[ChunkedSum.ChunkCount(x.Length) * Width];
        private double p;
        private double q;
        private double gamma;
        private double psiQ;

        public int Dimension => 3;

        public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient, CancellationToken cancellationToken)
        {
            p = Math.Exp(point[0]);
            q = Math.Exp(point[1]);
            gamma = Math.Exp(point[2]);
            if (!(p > 0 && q > 0 && gamma > 0) || double.IsInfinity(p + q + gamma))
            {
                gradient.Fill(double.NaN);
                return double.NaN;
            }

            psiQ = SpecialFunctions.Digamma(q);
            Span<double> sums = stackalloc double[Width];
            ChunkedSum.Run(x.Length, Width, Accumulate, scratch, sums, parallelism, cancellationToken);
            var n = (double)x.Length;
            var ll = sums[0] + (n * ((q * point[2]) - SpecialFunctions.LogGamma(q)));
            var scale = -1.0 / n;
            gradient[0] = scale * p * sums[1];
            gradient[1] = scale * q * (sums[2] + (n * (point[2] - psiQ)));
            gradient[2] = scale * gamma * ((n * q / gamma) + sums[3]);
            return scale * ll;
        }

        private void Accumulate(int start, int end, Span<double> sums)
        {
            double ll = 0, dp = 0, dq = 0, dGamma = 0;
            for (var i = start; i < end; i++)
            {
                var xi = x[i];
                var zi = zbar[i];
                var px = p * xi;
                var logZ = Math.Log(zi);
                var logX = Math.Log(xi);
                var total = (xi * zi) + gamma;
                var logTotal = Math.Log(total);
                var psiPxQ = SpecialFunctions.Digamma(px + q);
                ll += SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) + ((px - 1) * logZ) + (px * logX) - ((px + q) * logTotal);
                dp += xi * (psiPxQ - SpecialFunctions.Digamma(px) + logZ + logX - logTotal);
                dq += psiPxQ - logTotal;
                dGamma -= (px + q) / total;
            }

            sums[0] += ll;
            sums[1] += dp;
            sums[2] += dq;
            sums[3] += dGamma;
        }
    }
}
