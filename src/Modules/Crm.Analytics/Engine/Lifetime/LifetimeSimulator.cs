namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Seeded synthetic customers drawn from the BG/NBD process itself, for parameter-recovery tests, benchmarks and demo data.
/// Same seed, same customers (System.Random with a seed is stable across runtimes).
/// </summary>
internal static class LifetimeSimulator
{
    /// <summary>
    /// Draws <paramref name="count"/> customers: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases follow a Poisson process with
    /// rate λ from the first purchase at time 0, and after each repeat purchase the customer drops out with probability p.
    /// Each customer's T is uniform in [<paramref name="minT"/>, <paramref name="maxT"/>] (cohorts of first purchases).
    /// Times are continuous, in the unit of the parameters; zbar is left 0.
    /// </summary>
    public static CalibrationSummary BgNbd(BgNbdParameters parameters, int count, double minT, double maxT, int seed, TimeUnit unit = TimeUnit.Week)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(minT >= 0 && maxT >= minT))
        {
            throw new ArgumentOutOfRangeException(nameof(maxT), "Need 0 <= minT <= maxT.");
        }

        var random = new Random(seed);
        var x = new int[count];
        var tx = new double[count];
        var t = new double[count];
        for (var i = 0; i < count; i++)
        {
            var lambda = NextGamma(random, parameters.R) / parameters.Alpha;
            var a = NextGamma(random, parameters.A);
            var p = a / (a + NextGamma(random, parameters.B));
            var horizon = minT + ((maxT - minT) * random.NextDouble());
            var time = 0.0;
            var purchases = 0;
            var last = 0.0;
            while (true)
            {
                time += -Math.Log(1.0 - random.NextDouble()) / lambda;
                if (!(time <= horizon))
                {
                    break;
                }

                purchases++;
                last = time;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            x[i] = purchases;
            tx[i] = last;
            t[i] = horizon;
        }

        return CalibrationSummary.FromArrays(x, tx, t, null, unit);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shape &lt; 1 through Gamma(shape + 1) · U^(1/shape).</summary>
    internal static double NextGamma(Random random, double shape)
    {
        if (shape < 1)
        {
            var u = random.NextDouble();
            return NextGamma(random, shape + 1) * Math.Pow(1.0 - u, 1.0 / shape);
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = NextNormal(random);
                v = 1.0 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(1.0 - u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double NextNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
