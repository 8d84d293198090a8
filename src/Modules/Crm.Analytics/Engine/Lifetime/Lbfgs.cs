namespace Crm.Analytics.Engine.Lifetime;

/// <summary>A smooth function with its gradient, minimised by <see cref="Lbfgs"/>.</summary>
internal interface IDifferentiableFunction
{
    int Dimension { get; }

    /// <summary>Returns f(point) and writes its gradient. May return NaN or +infinity outside the region where f is defined.</summary>
    double Evaluate(ReadOnlySpan<double> point, Span<double> gradient, CancellationToken cancellationToken);
}

/// <summary>Stopping rules of <see cref="Lbfgs"/>.</summary>
/// <param name="MaxIterations">Upper bound on L-BFGS iterations.</param>
/// <param name="GradientTolerance">Converged when every gradient component is at most this in absolute value.</param>
/// <param name="MaxDegreeOfParallelism">Threads for the likelihood sums of large data sets (results do not depend on it).</param>
internal sealed record OptimizerOptions(int MaxIterations = 1000, double GradientTolerance = 1e-8, int MaxDegreeOfParallelism = 0)
{
    public static OptimizerOptions Default { get; } = new();

    internal int EffectiveParallelism => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
}

/// <summary>Outcome of a minimisation.</summary>
internal sealed record OptimizationResult(double[] Point, double Value, int Iterations, int Evaluations, bool Converged, string Message);

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithm 7.4/7.5) with a line search that enforces the
/// strong Wolfe conditions (algorithms 3.5 and 3.6, cubic interpolation, bisection when a trial value is not finite).
/// Deterministic: same input, same sequence of points.
/// </summary>
internal static class Lbfgs
{
    private const int Memory = 10;
    private const double ArmijoConstant = 1e-4;
    private const double CurvatureConstant = 0.9;
    private const int MaxLineSearchEvaluations = 40;

    public static OptimizationResult Minimize(
        IDifferentiableFunction function,
        ReadOnlySpan<double> start,
        OptimizerOptions options,
        CancellationToken cancellationToken)
    {
        var n = function.Dimension;
        if (start.Length != n)
        {
            throw new ArgumentException($"Start point has {start.Length} components, the function {n}.", nameof(start));
        }

        var x = start.ToArray();
        var g = new double[n];
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var s = new double[Memory][];
        var y = new double[Memory][];
        var rho = new double[Memory];
        var alphaHistory = new double[Memory];
        for (var i = 0; i < Memory; i++)
        {
            s[i] = new double[n];
            y[i] = new double[n];
        }

        var evaluations = 1;
        var f = function.Evaluate(x, g, cancellationToken);
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new OptimizationResult(x, f, 0, evaluations, false, "The function is not finite at the start point.");
        }

        var stored = 0;
        var newest = -1;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (MaxAbs(g) <= options.GradientTolerance)
            {
                return new OptimizationResult(x, f, iteration, evaluations, true, "Gradient tolerance reached.");
            }

            // Two-loop recursion: direction = -H g.
            for (var i = 0; i < n; i++)
            {
                direction[i] = -g[i];
            }

            for (var k = 0; k < stored; k++)
            {
                var j = (newest - k + Memory) % Memory;
                alphaHistory[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alphaHistory[j], y[j], direction);
            }

            if (stored > 0)
            {
                var scale = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
                for (var i = 0; i < n; i++)
                {
                    direction[i] *= scale;
                }
            }

            for (var k = stored - 1; k >= 0; k--)
            {
                var j = (newest - k + Memory) % Memory;
                var beta = rho[j] * Dot(y[j], direction);
                Axpy(alphaHistory[j] - beta, s[j], direction);
            }

            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(g, direction);
            }

            var initialStep = stored == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(g, g))) : 1.0;
            var search = LineSearch(function, x, f, direction, slope, initialStep, trial, trialGradient, ref evaluations, cancellationToken);
            if (search.Step <= 0)
            {
                var gradientNorm = MaxAbs(g);
                return new OptimizationResult(
                    x,
                    f,
                    iteration,
                    evaluations,
                    gradientNorm <= options.GradientTolerance * 1e3,
                    $"Line search made no progress (largest gradient component {gradientNorm:G3}).");
            }

            // Accept: trial/trialGradient hold the new point.
            newest = (newest + 1) % Memory;
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = trial[i] - x[i];
                y[newest][i] = trialGradient[i] - g[i];
                x[i] = trial[i];
                g[i] = trialGradient[i];
            }

            var previous = f;
            f = search.Value;
            var sy = Dot(s[newest], y[newest]);
            if (sy > 1e-12 * Math.Sqrt(Dot(s[newest], s[newest]) * Dot(y[newest], y[newest])))
            {
                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, Memory);
            }
            else
            {
                // Curvature pair unusable; drop it (stays out of the window).
                newest = (newest - 1 + Memory) % Memory;
            }

            if (MaxAbs(x) > 60)
            {
                return new OptimizationResult(x, f, iteration + 1, evaluations, false, "A log-parameter passed 60: the maximum is not attained at finite parameters.");
            }

            if (previous - f <= 1e-16 * Math.Abs(f) && MaxAbs(g) <= options.GradientTolerance * 1e3)
            {
                return new OptimizationResult(x, f, iteration + 1, evaluations, true, "No further decrease at rounding level.");
            }
        }

        return new OptimizationResult(x, f, options.MaxIterations, evaluations, MaxAbs(g) <= options.GradientTolerance, "Iteration limit reached.");
    }

    private static (double Step, double Value) LineSearch(
        IDifferentiableFunction function,
        double[] x,
        double f0,
        double[] direction,
        double slope0,
        double initialStep,
        double[] trial,
        double[] trialGradient,
        ref int evaluations,
        CancellationToken cancellationToken)
    {
        var n = x.Length;
        var loGradient = new double[n];
        double loStep = 0, loValue = f0, loSlope = slope0;
        double hiStep = 0, hiValue = double.NaN, hiSlope = double.NaN;
        var step = initialStep;
        var bracketed = false;

        for (var count = 0; count < MaxLineSearchEvaluations; count++)
        {
            if (bracketed)
            {
                step = Interpolate(loStep, loValue, loSlope, hiStep, hiValue, hiSlope);
            }

            for (var i = 0; i < n; i++)
            {
                trial[i] = x[i] + (step * direction[i]);
            }

            evaluations++;
            var value = function.Evaluate(trial, trialGradient, cancellationToken);
            var slope = Dot(trialGradient, direction);
            var finite = double.IsFinite(value) && double.IsFinite(slope);

            if (!finite || value > f0 + (ArmijoConstant * step * slope0) || value >= loValue)
            {
                // Too far: the minimum along the line is between lo and this step.
                hiStep = step;
                hiValue = finite ? value : double.NaN;
                hiSlope = finite ? slope : double.NaN;
                bracketed = true;
            }
            else
            {
                if (Math.Abs(slope) <= -CurvatureConstant * slope0)
                {
                    return (step, value);
                }

                if (bracketed && slope * (hiStep - loStep) >= 0)
                {
                    hiStep = loStep;
                    hiValue = loValue;
                    hiSlope = loSlope;
                }
                else if (!bracketed && slope >= 0)
                {
                    hiStep = loStep;
                    hiValue = loValue;
                    hiSlope = loSlope;
                    bracketed = true;
                }

                loStep = step;
                loValue = value;
                loSlope = slope;
                Array.Copy(trialGradient, loGradient, n);
                if (!bracketed)
                {
                    step *= 4;
                }
            }

            if (bracketed && Math.Abs(hiStep - loStep) <= 1e-14 * Math.Max(1.0, Math.Abs(loStep)))
            {
                break;
            }
        }

        if (loStep > 0)
        {
            // Best Armijo point found, though the curvature condition was not met.
            for (var i = 0; i < n; i++)
            {
                trial[i] = x[i] + (loStep * direction[i]);
            }

            Array.Copy(loGradient, trialGradient, n);
            return (loStep, loValue);
        }

        return (0, f0);
    }

    /// <summary>Minimiser of the cubic through (lo, hi) values and slopes, kept inside the middle 80% of the interval; bisection otherwise.</summary>
    private static double Interpolate(double lo, double loValue, double loSlope, double hi, double hiValue, double hiSlope)
    {
        var width = hi - lo;
        var candidate = double.NaN;
        if (double.IsFinite(hiValue) && double.IsFinite(hiSlope))
        {
            var d1 = loSlope + hiSlope - (3 * (loValue - hiValue) / (lo - hi));
            var discriminant = (d1 * d1) - (loSlope * hiSlope);
            if (discriminant >= 0)
            {
                var d2 = Math.Sign(width) * Math.Sqrt(discriminant);
                candidate = hi - ((hi - lo) * (hiSlope + d2 - d1) / (hiSlope - loSlope + (2 * d2)));
            }
        }
        else if (double.IsFinite(hiValue))
        {
            // Quadratic through lo value, lo slope and hi value.
            var denominator = 2 * (hiValue - loValue - (loSlope * width));
            if (denominator > 0)
            {
                candidate = lo - (loSlope * width * width / denominator);
            }
        }

        var low = Math.Min(lo, hi) + (0.1 * Math.Abs(width));
        var high = Math.Max(lo, hi) - (0.1 * Math.Abs(width));
        return double.IsFinite(candidate) && candidate >= low && candidate <= high ? candidate : lo + (0.5 * width);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double factor, ReadOnlySpan<double> source, Span<double> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var value in values)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
