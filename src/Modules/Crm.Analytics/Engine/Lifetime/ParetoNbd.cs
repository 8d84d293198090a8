namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Pareto/NBD parameters (Schmittlein, Morrison and Colombo 1987): purchase rates λ ~ Gamma(r, α) while alive, lifetimes
/// exponential with dropout rates μ ~ Gamma(s, β). Times in the unit the model was fitted in.
/// </summary>
internal readonly record struct ParetoNbdParameters(double R, double Alpha, double S, double Beta) : IPurchaseModel
{
    /// <summary>Log-likelihood of one customer.</summary>
    public double LogLikelihood(int x, double tx, double T)
    {
        var parts = ParetoNbdLikelihood.Evaluate(this, x, tx, T, Span<double>.Empty);
        return SpecialFunctions.LogGamma(R + x) - SpecialFunctions.LogGamma(R) + (R * Math.Log(Alpha)) + (S * Math.Log(Beta)) + parts.LogSum;
    }

    /// <summary>P(alive at T | x, t_x, T): the share of the likelihood that comes from "still alive at T".</summary>
    public double ProbabilityAlive(int x, double tx, double T)
    {
        var parts = ParetoNbdLikelihood.Evaluate(this, x, tx, T, Span<double>.Empty);
        return Math.Exp(parts.LogAlive - parts.LogSum);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (r + x)(β + T) / ((α + T)(s - 1)) · [1 - ((β + T) / (β + T + t))^(s - 1)] · P(alive),
    /// evaluated without the 0/0 at s = 1 (where the limit is (r + x)/(α + T) · (β + T) ln(1 + t / (β + T)) · P(alive)).
    /// </summary>
    public double ConditionalExpectedPurchases(double t, int x, double tx, double T)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var logRatio = -SpecialFunctions.LogOnePlus(t / (Beta + T));
        return (R + x) * (Beta + T) / (Alpha + T) * BgNbdParameters.ExpRatio(S - 1, logRatio) * ProbabilityAlive(x, tx, T);
    }

    /// <summary>E[X(t)] = r β / (α (s - 1)) · [1 - (β / (β + t))^(s - 1)].</summary>
    public double ExpectedPurchases(double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        return R * Beta / Alpha * BgNbdParameters.ExpRatio(S - 1, -SpecialFunctions.LogOnePlus(t / Beta));
    }
}

/// <summary>
/// The customer-specific part of the Pareto/NBD likelihood in the form of Fader, Hardie and Lee, "A note on implementing the
/// Pareto/NBD model in MATLAB" (2005):
/// L = Γ(r+x) α^r β^s / Γ(r) · { 1 / ((α+T)^(r+x) (β+T)^s) + s / (r+s+x) · [F(t_x) - F(T)] }, where
/// F(t) = ₂F₁(r+s+x, s+1; r+s+x+1; (α-β)/(α+t)) / (α+t)^(r+s+x) when α ≥ β and
/// F(t) = ₂F₁(r+s+x, r+x; r+s+x+1; (β-α)/(β+t)) / (β+t)^(r+s+x) when α &lt; β.
/// Euler's transformation turns each ₂F₁ into a series with positive terms whose ratio is below the argument (so it
/// converges geometrically and never cancels):
/// α ≥ β: F(t) = (α+t)^-(r+x) (β+t)^-s · G(r+x, r+s+x+1, (α-β)/(α+t)),
/// α &lt; β: F(t) = (α+t)^(1-r-x) (β+t)^-(s+1) · G(s+1, r+s+x+1, (β-α)/(β+t)),
/// with G(b, c, z) = ₂F₁(1, b; c; z) = Σ_k (b)_k / (c)_k z^k. Everything is carried in log space and F(t_x) - F(T) as
/// F(t_x) (1 - e^(ln F(T) - ln F(t_x))); the derivatives of G with respect to b, c and z are summed along the same series.
/// </summary>
internal static class ParetoNbdLikelihood
{
    /// <summary>The two log terms of the bracket and their log-sum.</summary>
    internal readonly record struct Parts(double LogAlive, double LogSum);

    /// <summary>
    /// Returns ln of the bracket { ... } and, when <paramref name="gradient"/> has 4 elements, adds d/d(r, α, s, β) of it.
    /// </summary>
    public static Parts Evaluate(ParetoNbdParameters p, int x, double tx, double T, Span<double> gradient)
    {
        var r = p.R;
        var alpha = p.Alpha;
        var s = p.S;
        var beta = p.Beta;
        var withGradient = gradient.Length == 4;
        var rx = r + x;
        var m = rx + s;
        var logAT = Math.Log(alpha + T);
        var logBT = Math.Log(beta + T);
        var logAlive = (-rx * logAT) - (s * logBT);
        if (!(tx < T))
        {
            if (withGradient)
            {
                gradient[0] -= logAT;
                gradient[1] -= rx / (alpha + T);
                gradient[2] -= logBT;
                gradient[3] -= s / (beta + T);
            }

            return new Parts(logAlive, logAlive);
        }

        Span<double> dTx = stackalloc double[4];
        Span<double> dT = stackalloc double[4];
        var logFtx = LogF(r, alpha, s, beta, x, tx, dTx);
        var logFT = LogF(r, alpha, s, beta, x, T, dT);
        var rho = Math.Exp(logFT - logFtx);
        var oneMinusRho = -SpecialFunctions.ExpM1(logFT - logFtx);
        if (!(oneMinusRho > 0))
        {
            // t_x and T so close that F(t_x) - F(T) underflows relative to F: the death-in-between term is nil.
            if (withGradient)
            {
                gradient[0] -= logAT;
                gradient[1] -= rx / (alpha + T);
                gradient[2] -= logBT;
                gradient[3] -= s / (beta + T);
            }

            return new Parts(logAlive, logAlive);
        }

        var logDead = Math.Log(s) - Math.Log(m) + logFtx + Math.Log(oneMinusRho);
        double logSum, wAlive;
        if (logAlive >= logDead)
        {
            var u = Math.Exp(logDead - logAlive);
            logSum = logAlive + Math.Log(1 + u);
            wAlive = 1 / (1 + u);
        }
        else
        {
            var u = Math.Exp(logAlive - logDead);
            logSum = logDead + Math.Log(1 + u);
            wAlive = u / (1 + u);
        }

        if (withGradient)
        {
            var wDead = 1 - wAlive;
            var inverse = 1 / oneMinusRho;
            gradient[0] += (wAlive * -logAT) + (wDead * ((-1 / m) + ((dTx[0] - (rho * dT[0])) * inverse)));
            gradient[1] += (wAlive * (-rx / (alpha + T))) + (wDead * (dTx[1] - (rho * dT[1])) * inverse);
            gradient[2] += (wAlive * -logBT) + (wDead * ((1 / s) - (1 / m) + ((dTx[2] - (rho * dT[2])) * inverse)));
            gradient[3] += (wAlive * (-s / (beta + T))) + (wDead * (dTx[3] - (rho * dT[3])) * inverse);
        }

        return new Parts(logAlive, logSum);
    }

    /// <summary>ln F(t) and its derivatives with respect to (r, α, s, β) written into <paramref name="derivative"/>.</summary>
    private static double LogF(double r, double alpha, double s, double beta, int x, double t, Span<double> derivative)
    {
        var rx = r + x;
        var c = rx + s + 1;
        var at = alpha + t;
        var bt = beta + t;
        var logAt = Math.Log(at);
        var logBt = Math.Log(bt);
        if (alpha >= beta)
        {
            var z = (alpha - beta) / at;
            var g = Series(rx, c, z, out var gb, out var gc, out var gz);
            derivative[0] = -logAt + ((gb + gc) / g);
            derivative[1] = (-rx / at) + (gz / g * bt / (at * at));
            derivative[2] = -logBt + (gc / g);
            derivative[3] = (-s / bt) - (gz / g / at);
            return (-rx * logAt) - (s * logBt) + Math.Log(g);
        }
        else
        {
            var w = (beta - alpha) / bt;
            var g = Series(s + 1, c, w, out var gb, out var gc, out var gz);
            derivative[0] = -logAt + (gc / g);
            derivative[1] = ((1 - rx) / at) - (gz / g / bt);
            derivative[2] = -logBt + ((gb + gc) / g);
            derivative[3] = (-(s + 1) / bt) + (gz / g * at / (bt * bt));
            return ((1 - rx) * logAt) - ((s + 1) * logBt) + Math.Log(g);
        }
    }

    /// <summary>
    /// G(b, c, z) = Σ_k (b)_k / (c)_k z^k for 0 &lt;= z &lt; 1 and 0 &lt; b &lt; c, with dG/db, dG/dc and dG/dz.
    /// Term ratio (b + k) / (c + k) z &lt; z; summed until the terms no longer change any of the four sums.
    /// </summary>
    internal static double Series(double b, double c, double z, out double gb, out double gc, out double gz)
    {
        var sum = 1.0;
        gb = 0;
        gc = 0;
        var kWeighted = 0.0;
        var term = 1.0;
        double sb = 0, sc = 0;
        for (var k = 0; k < 10_000_000; k++)
        {
            term *= (b + k) / (c + k) * z;
            sb += 1 / (b + k);
            sc += 1 / (c + k);
            sum += term;
            gb += term * sb;
            gc -= term * sc;
            kWeighted += (k + 1) * term;
            if (term * (k + 2 + sb + sc) <= 1e-17 * sum)
            {
                break;
            }
        }

        // d/dz Σ t_k = Σ k t_k / z; at z = 0 the derivative is the first coefficient b / c.
        gz = z > 0 ? kWeighted / z : b / c;
        return sum;
    }
}

/// <summary>Maximum-likelihood fitting and bulk predictions of the Pareto/NBD model.</summary>
internal static class ParetoNbdModel
{
    /// <summary>Total log-likelihood of the data.</summary>
    public static double LogLikelihood(ParetoNbdParameters parameters, CalibrationSummary data, CancellationToken cancellationToken = default)
    {
        if (data.Count == 0)
        {
            return 0;
        }

        var objective = new Objective(data, OptimizerOptions.Default.EffectiveParallelism);
        Span<double> point = [Math.Log(parameters.R), Math.Log(parameters.Alpha), Math.Log(parameters.S), Math.Log(parameters.Beta)];
        Span<double> gradient = stackalloc double[4];
        return -objective.Evaluate(point, gradient, cancellationToken) * data.Count;
    }

    /// <summary>
    /// Maximum-likelihood estimates of r, α, s, β over log-parameters with the analytic gradient (see <see cref="ParetoNbdLikelihood"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No customers, or no customer with a repeat purchase.</exception>
    public static ModelFit<ParetoNbdParameters> Fit(CalibrationSummary data, OptimizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= OptimizerOptions.Default;
        BgNbdModel.RequireRepeatBuyers(data);
        var objective = new Objective(data, options.EffectiveParallelism);
        var meanT = 0.0;
        foreach (var t in data.T)
        {
            meanT += t;
        }

        var logScale = Math.Log(Math.Max(meanT / data.Count, 1e-3));
        double[] start = [0.0, logScale, 0.0, logScale];
        var result = Lbfgs.Minimize(objective, start, options, cancellationToken);
        var p = result.Point;
        var parameters = new ParetoNbdParameters(Math.Exp(p[0]), Math.Exp(p[1]), Math.Exp(p[2]), Math.Exp(p[3]));
        return new ModelFit<ParetoNbdParameters>(
            parameters, -result.Value * data.Count, data.Count, result.Iterations, result.Evaluations, result.Converged, result.Message);
    }

    /// <summary>P(alive) for every customer.</summary>
    public static double[] ProbabilityAlive(ParetoNbdParameters parameters, CalibrationSummary data)
    {
        var result = new double[data.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = parameters.ProbabilityAlive(data.X[i], data.Tx[i], data.T[i]);
        }

        return result;
    }

    /// <summary>Expected purchases in (T, T + t] for every customer.</summary>
    public static double[] ConditionalExpectedPurchases(ParetoNbdParameters parameters, CalibrationSummary data, double t, CancellationToken cancellationToken = default)
    {
        var result = new double[data.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            result[i] = parameters.ConditionalExpectedPurchases(t, data.X[i], data.Tx[i], data.T[i]);
        }

        return result;
    }

    /// <summary>Mean negative log-likelihood over (ln r, ln α, ln s, ln β) and its gradient.</summary>
    internal sealed class Objective : IDifferentiableFunction
    {
        private const int Width = 5;
        private readonly int[] x;
        private readonly double[] tx;
        private readonly double[] t;
        private readonly DistinctCounts distinct;
        private readonly double[] scratch;
        private readonly ChunkBody body;
        private readonly int parallelism;
        private ParetoNbdParameters current;

        public Objective(CalibrationSummary data, int parallelism)
        {
            this.parallelism = parallelism;
            x = data.X;
            tx = data.Tx;
            t = data.T;
            distinct = DistinctCounts.Of(x);
            scratch = new double[ChunkedSum.ChunkCount(x.Length) * Width];
            body = Accumulate;
        }

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient, CancellationToken cancellationToken)
        {
            var r = Math.Exp(point[0]);
            var alpha = Math.Exp(point[1]);
            var s = Math.Exp(point[2]);
            var beta = Math.Exp(point[3]);
            if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || double.IsInfinity(r + alpha + s + beta))
            {
                gradient.Fill(double.NaN);
                return double.NaN;
            }

            current = new ParetoNbdParameters(r, alpha, s, beta);
            var n = (double)x.Length;
            double xTerms = 0, xDr = 0;
            var lgR = SpecialFunctions.LogGamma(r);
            var psiR = SpecialFunctions.Digamma(r);
            for (var k = 0; k < distinct.Values.Length; k++)
            {
                var xk = distinct.Values[k];
                xTerms += distinct.Counts[k] * (SpecialFunctions.LogGamma(r + xk) - lgR);
                xDr += distinct.Counts[k] * (SpecialFunctions.Digamma(r + xk) - psiR);
            }

            Span<double> sums = stackalloc double[Width];
            ChunkedSum.Run(x.Length, Width, body, scratch, sums, parallelism, cancellationToken);
            var ll = xTerms + (n * ((r * point[1]) + (s * point[3]))) + sums[0];
            var dr = xDr + (n * point[1]) + sums[1];
            var dAlpha = (n * r / alpha) + sums[2];
            var ds = (n * point[3]) + sums[3];
            var dBeta = (n * s / beta) + sums[4];
            var scale = -1.0 / n;
            gradient[0] = scale * r * dr;
            gradient[1] = scale * alpha * dAlpha;
            gradient[2] = scale * s * ds;
            gradient[3] = scale * beta * dBeta;
            return scale * ll;
        }

        private void Accumulate(int start, int end, Span<double> sums)
        {
            Span<double> gradient = stackalloc double[4];
            gradient.Clear();
            var ll = 0.0;
            var parameters = current;
            for (var i = start; i < end; i++)
            {
                ll += ParetoNbdLikelihood.Evaluate(parameters, x[i], tx[i], t[i], gradient).LogSum;
            }

            sums[0] += ll;
            sums[1] += gradient[0];
            sums[2] += gradient[1];
            sums[3] += gradient[2];
            sums[4] += gradient[3];
        }
    }
}
