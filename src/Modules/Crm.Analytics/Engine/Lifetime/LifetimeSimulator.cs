using Crm.Kernel.Randomness;

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
            var lambda = random.NextGamma(parameters.R) / parameters.Alpha;
            var a = random.NextGamma(parameters.A);
            var p = a / (a + random.NextGamma(parameters.B));
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
}
