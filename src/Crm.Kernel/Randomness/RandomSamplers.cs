namespace Crm.Kernel.Randomness;

/// <summary>
/// Draws from the distributions the demo-data generator and the lifetime simulator need, on a seeded <see cref="Random"/>
/// so a seed always gives the same sequence.
/// </summary>
public static class RandomSamplers
{
    /// <summary>Standard normal (Box-Muller).</summary>
    public static double NextNormal(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); a shape below 1 through Gamma(shape + 1) · U^(1/shape).</summary>
    public static double NextGamma(this Random random, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            return random.NextGamma(shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Poisson(mean): Knuth's method for small means, a rounded normal for large ones (where it is close enough).</summary>
    public static int NextPoisson(this Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * random.NextNormal())));
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}
