namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// BG/NBD parameters (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): purchase rates
/// λ ~ Gamma(r, α) while alive, dropout probability after each purchase p ~ Beta(a, b). Times in the unit the model was fitted in.
/// </summary>
internal readonly record struct BgNbdParameters(double R, double Alpha, double A, double B) : IPurchaseModel
{
    /// <summary>Log-likelihood of one customer (equation 6 of the paper, in log space).</summary>
    public double LogLikelihood(int x, double tx, double T)
    {
        var a1 = SpecialFunctions.LogGamma(R + x) - SpecialFunctions.LogGamma(R) + (R * Math.Log(Alpha));
        var a2 = SpecialFunctions.LogGamma(A + B) + SpecialFunctions.LogGamma(B + x) - SpecialFunctions.LogGamma(B) - SpecialFunctions.LogGamma(A + B + x);
        var a3 = -(R + x) * Math.Log(Alpha + T);
        if (x == 0)
        {
            return a1 + a2 + a3;
        }

        var a4 = Math.Log(A) - Math.Log(B + x - 1) - ((R + x) * Math.Log(Alpha + tx));
        return a1 + a2 + LogAddExp(a3, a4);
    }

    /// <summary>P(alive at T | x, t_x, T) = 1 / (1 + [x &gt; 0] a / (b + x - 1) ((α + T) / (α + t_x))^(r + x)).</summary>
    public double ProbabilityAlive(int x, double tx, double T)
    {
        if (x == 0)
        {
            return 1.0;
        }

        var logOdds = Math.Log(A) - Math.Log(B + x - 1) + ((R + x) * (Math.Log(Alpha + T) - Math.Log(Alpha + tx)));
        return Logistic(-logOdds);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T], expected purchases in (T, T + t] (equation 10 of the paper). Evaluated in the form
    /// (a + b + x - 1) [ (1 - (1-z)^(a-1)) / (a - 1) - (1-z)^(a-1) S ] · P(alive), z = t / (α + T + t), obtained with Euler's
    /// transformation of the ₂F₁, where S = (₂F₁(a + b - 1 - r, a - 1; a + b + x - 1; z) - 1) / (a - 1) is summed as a series:
    /// it has no 0/0 at a = 1 and no cancellation of two large terms. For x = 0 the series has c = a + b - 1, so the
    /// prediction for one-time buyers needs a + b &gt; 1 (true of the published CDNOW fits); it is not finite at a + b = 1
    /// and is summed as a sign-changing series below it.
    /// </summary>
    public double ConditionalExpectedPurchases(double t, int x, double tx, double T)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        if (t == 0)
        {
            return 0;
        }

        var logOneMinusZ = -SpecialFunctions.LogOnePlus(t / (Alpha + T));
        var z = t / (Alpha + T + t);
        var c = A + B + x - 1;
        var shiftedA = A + B - 1 - R;
        var aMinusOne = A - 1;

        // S = sum_{k>=1} (shiftedA)_k (a)_{k-1} / ((c)_k k!) z^k
        var term = shiftedA / c * z;
        var series = term;
        for (var k = 1; k < 1_000_000; k++)
        {
            term *= (shiftedA + k) * (A + k - 1) / ((c + k) * (k + 1)) * z;
            series += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(series) && Math.Abs((shiftedA + k + 1) * (A + k) / ((c + k + 1) * (k + 2)) * z) < 1)
            {
                break;
            }
        }

        var power = Math.Exp(aMinusOne * logOneMinusZ);
        var bracket = ExpRatio(aMinusOne, logOneMinusZ) - (power * series);
        var expected = c * bracket * ProbabilityAlive(x, tx, T);
        return double.IsFinite(expected) ? expected : ConditionalExpectedPurchasesByEquation10(t, x, tx, T);
    }

    /// <summary>
    /// Equation 10 of the paper as printed: (a + b + x - 1) / (a - 1) · [1 - ((α + T) / (α + T + t))^(r + x) · ₂F₁(r + x, b + x;
    /// a + b + x - 1; t / (α + T + t))] · P(alive). The rearranged series above avoids the cancellation inside the bracket but
    /// overflows when a is very large (its terms grow like (a z)^k / k! before the tiny power (1 - z)^(a - 1) scales them
    /// down, e.g. a fit with a ≈ 2·10^5, b ≈ 5·10^6: almost nobody drops out); this form converges at rate b z / (a + b) then.
    /// </summary>
    internal double ConditionalExpectedPurchasesByEquation10(double t, int x, double tx, double T)
    {
        var z = t / (Alpha + T + t);
        var c = A + B + x - 1;
        var hypergeometric = SpecialFunctions.Hypergeometric2F1(R + x, B + x, c, z);
        var power = Math.Exp((R + x) * -SpecialFunctions.LogOnePlus(t / (Alpha + T)));
        return c / (A - 1) * (1 - (power * hypergeometric)) * ProbabilityAlive(x, tx, T);
    }

    /// <summary>E[X(t)], expected purchases in (0, t] of a new customer (equation 9 of the paper): the conditional form with x = t_x = T = 0.</summary>
    public double ExpectedPurchases(double t) => ConditionalExpectedPurchases(t, 0, 0, 0);

    internal static double LogAddExp(double u, double v) => u >= v ? u + Math.Log(1 + Math.Exp(v - u)) : v + Math.Log(1 + Math.Exp(u - v));

    internal static double Logistic(double v) => v >= 0 ? 1.0 / (1.0 + Math.Exp(-v)) : Math.Exp(v) / (1.0 + Math.Exp(v));

    /// <summary>(1 - e^(u L)) / u, with its limit -L at u = 0.</summary>
    internal static double ExpRatio(double u, double logBase) => u == 0 ? -logBase : -SpecialFunctions.ExpM1(u * logBase) / u;
}

/// <summary>Maximum-likelihood fitting and bulk predictions of the BG/NBD model.</summary>
internal static class BgNbdModel
{
    /// <summary>Total log-likelihood of the data (sum over customers).</summary>
    public static double LogLikelihood(BgNbdParameters parameters, CalibrationSummary data, CancellationToken cancellationToken = default)
    {
        if (data.Count == 0)
        {
            return 0;
        }

        var objective = new Objective(data, OptimizerOptions.Default.EffectiveParallelism);
        Span<double> point = [Math.Log(parameters.R), Math.Log(parameters.Alpha), Math.Log(parameters.A), Math.Log(parameters.B)];
        Span<double> gradient = stackalloc double[4];
        return -objective.Evaluate(point, gradient, cancellationToken) * data.Count;
    }

    /// <summary>
    /// Maximum-likelihood estimates of r, α, a, b. The optimizer works on the logarithms of the parameters (so they stay
    /// positive) with the analytic gradient; the likelihood sums run in parallel over fixed chunks of customers and are added
    /// in chunk order, so the result does not depend on the number of threads.
    /// </summary>
    /// <exception cref="ArgumentException">No customers, or no customer with a repeat purchase (then the likelihood increases
    /// without bound as r → 0 and the model is not identified).</exception>
    public static ModelFit<BgNbdParameters> Fit(CalibrationSummary data, OptimizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= OptimizerOptions.Default;
        RequireRepeatBuyers(data);
        var objective = new Objective(data, options.EffectiveParallelism);
        var meanT = 0.0;
        foreach (var t in data.T)
        {
            meanT += t;
        }

        meanT /= data.Count;
        double[] start = [0.0, Math.Log(Math.Max(meanT, 1e-3)), 0.0, 0.0];
        var result = Lbfgs.Minimize(objective, start, options, cancellationToken);
        var p = result.Point;
        var parameters = new BgNbdParameters(Math.Exp(p[0]), Math.Exp(p[1]), Math.Exp(p[2]), Math.Exp(p[3]));
        return new ModelFit<BgNbdParameters>(
            parameters, -result.Value * data.Count, data.Count, result.Iterations, result.Evaluations, result.Converged, result.Message);
    }

    /// <summary>P(alive) for every customer of <paramref name="data"/>.</summary>
    public static double[] ProbabilityAlive(BgNbdParameters parameters, CalibrationSummary data)
    {
        var result = new double[data.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = parameters.ProbabilityAlive(data.X[i], data.Tx[i], data.T[i]);
        }

        return result;
    }

    /// <summary>Expected purchases in (T, T + t] for every customer of <paramref name="data"/>.</summary>
    public static double[] ConditionalExpectedPurchases(BgNbdParameters parameters, CalibrationSummary data, double t, CancellationToken cancellationToken = default)
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

    internal static void RequireRepeatBuyers(CalibrationSummary data)
    {
        if (data.Count == 0)
        {
            throw new ArgumentException("Cannot fit a lifetime model to no customers.", nameof(data));
        }

        foreach (var x in data.X)
        {
            if (x > 0)
            {
                return;
            }
        }

        throw new ArgumentException(
            "No customer has a repeat purchase (every x = 0): the purchase-rate parameters are not identified. Use a longer calibration period.",
            nameof(data));
    }

    /// <summary>
    /// Mean negative log-likelihood over log-parameters θ = (ln r, ln α, ln a, ln b) and its gradient.
    /// Terms that depend on x only (ln Γ, ψ) are computed once per distinct x and weighted by counts; the per-customer loop
    /// needs two logarithms, one exponential and one log1p for a repeat buyer and one logarithm for a one-time buyer.
    /// </summary>
    internal sealed class Objective : IDifferentiableFunction
    {
        private const int Width = 7;
        private readonly double[] zeroT;
        private readonly double[] x;
        private readonly double[] tx;
        private readonly double[] t;
        private readonly int[] xIndex;
        private readonly int[] distinctX;
        private readonly double[] distinctCount;
        private readonly double[] logB;
        private readonly double[] inverseB;
        private readonly double[] scratch;
        private readonly ChunkBody body;
        private readonly int parallelism;
        private readonly int total;
        private double r;
        private double alpha;
        private double logA;

        public Objective(CalibrationSummary data, int parallelism)
        {
            this.parallelism = parallelism;
            total = data.Count;
            var positives = 0;
            foreach (var value in data.X)
            {
                positives += value > 0 ? 1 : 0;
            }

            zeroT = new double[total - positives];
            x = new double[positives];
            tx = new double[positives];
            t = new double[positives];
            var positiveX = new int[positives];
            int z = 0, p = 0;
            for (var i = 0; i < total; i++)
            {
                if (data.X[i] == 0)
                {
                    zeroT[z++] = data.T[i];
                }
                else
                {
                    x[p] = data.X[i];
                    positiveX[p] = data.X[i];
                    tx[p] = data.Tx[i];
                    t[p] = data.T[i];
                    p++;
                }
            }

            var distinct = DistinctCounts.Of(positiveX);
            xIndex = distinct.Index;
            distinctX = distinct.Values;
            distinctCount = distinct.Counts;
            logB = new double[distinctX.Length];
            inverseB = new double[distinctX.Length];
            scratch = new double[ChunkedSum.ChunkCount(total) * Width];
            body = Accumulate;
        }

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient, CancellationToken cancellationToken)
        {
            r = Math.Exp(point[0]);
            alpha = Math.Exp(point[1]);
            var a = Math.Exp(point[2]);
            var b = Math.Exp(point[3]);
            logA = point[2];
            if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || double.IsInfinity(r + alpha + a + b))
            {
                gradient.Fill(double.NaN);
                return double.NaN;
            }

            // Per distinct x: Σ counts · (ln Γ(r+x) - ln Γ(r) + ln B(a, b+x) - ln B(a, b)) and its derivatives.
            double xTerms = 0, xDr = 0, xDa = 0, xDb = 0;
            var lgR = SpecialFunctions.LogGamma(r);
            var psiR = SpecialFunctions.Digamma(r);
            var lgAB = SpecialFunctions.LogGamma(a + b);
            var lgB = SpecialFunctions.LogGamma(b);
            var psiAB = SpecialFunctions.Digamma(a + b);
            var psiB = SpecialFunctions.Digamma(b);
            for (var k = 0; k < distinctX.Length; k++)
            {
                var xk = distinctX[k];
                var n = distinctCount[k];
                var psiABX = SpecialFunctions.Digamma(a + b + xk);
                xTerms += n * (SpecialFunctions.LogGamma(r + xk) - lgR + lgAB + SpecialFunctions.LogGamma(b + xk) - lgB - SpecialFunctions.LogGamma(a + b + xk));
                xDr += n * (SpecialFunctions.Digamma(r + xk) - psiR);
                xDa += n * (psiAB - psiABX);
                xDb += n * (psiAB + SpecialFunctions.Digamma(b + xk) - psiB - psiABX);
                logB[k] = Math.Log(b + xk - 1);
                inverseB[k] = 1.0 / (b + xk - 1);
            }

            Span<double> sums = stackalloc double[Width];
            ChunkedSum.Run(total, Width, body, scratch, sums, parallelism, cancellationToken);
            var (sumLogZero, sumInverseZero) = (sums[0], sums[1]);
            var (llPositive, drPositive, dAlphaPositive, w4Sum, dbPositive) = (sums[2], sums[3], sums[4], sums[5], sums[6]);

            var logAlpha = point[1];
            var ll = xTerms + (total * r * logAlpha) - (r * sumLogZero) + llPositive;
            var dr = xDr + (total * logAlpha) - sumLogZero + drPositive;
            var dAlpha = (total * r / alpha) - (r * sumInverseZero) + dAlphaPositive;
            var da = xDa + (w4Sum / a);
            var db = xDb + dbPositive;

            var scale = -1.0 / total;
            gradient[0] = scale * r * dr;
            gradient[1] = scale * alpha * dAlpha;
            gradient[2] = scale * a * da;
            gradient[3] = scale * b * db;
            return scale * ll;
        }

        private void Accumulate(int start, int end, Span<double> sums)
        {
            var zeroCount = zeroT.Length;
            var localAlpha = alpha;
            double s0 = 0, s1 = 0;
            for (var i = start; i < Math.Min(end, zeroCount); i++)
            {
                var at = localAlpha + zeroT[i];
                s0 += Math.Log(at);
                s1 += 1.0 / at;
            }

            double ll = 0, dr = 0, dAlpha = 0, w4Sum = 0, db = 0;
            var localR = r;
            var localLogA = logA;
            var from = Math.Max(start, zeroCount) - zeroCount;
            var to = end - zeroCount;
            for (var i = from; i < to; i++)
            {
                var k = xIndex[i];
                var rx = localR + x[i];
                var at = localAlpha + t[i];
                var atx = localAlpha + tx[i];
                var logAt = Math.Log(at);
                var logAtx = Math.Log(atx);
                var a3 = -rx * logAt;
                var a4 = localLogA - logB[k] - (rx * logAtx);
                double lse, w4;
                if (a4 <= a3)
                {
                    var u = Math.Exp(a4 - a3);
                    lse = a3 + Math.Log(1 + u);
                    w4 = u / (1 + u);
                }
                else
                {
                    var u = Math.Exp(a3 - a4);
                    lse = a4 + Math.Log(1 + u);
                    w4 = 1 / (1 + u);
                }

                var w3 = 1 - w4;
                ll += lse;
                dr -= (w3 * logAt) + (w4 * logAtx);
                dAlpha -= rx * ((w3 / at) + (w4 / atx));
                w4Sum += w4;
                db -= w4 * inverseB[k];
            }

            sums[0] += s0;
            sums[1] += s1;
            sums[2] += ll;
            sums[3] += dr;
            sums[4] += dAlpha;
            sums[5] += w4Sum;
            sums[6] += db;
        }
    }
}
