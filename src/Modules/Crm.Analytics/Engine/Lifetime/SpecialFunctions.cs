namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Log-gamma, digamma and the Gaussian hypergeometric series used by the lifetime models.
/// The BCL has none of them. Arguments of the gamma-type functions are positive in every model here.
/// </summary>
internal static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    // Below this the argument is shifted up with the recurrence before the asymptotic series is used.
    private const double AsymptoticThreshold = 10.0;

    /// <summary>ln Γ(x) for x &gt; 0, absolute error about 1e-15 (recurrence up to 10, then Stirling's series to x^-11).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x))
        {
            return x == double.PositiveInfinity ? double.PositiveInfinity : double.NaN;
        }

        var shift = 0.0;
        if (x < AsymptoticThreshold)
        {
            // ln Γ(x) = ln Γ(x + n) - ln(x (x + 1) ... (x + n - 1)); the product stays far from overflow.
            var product = 1.0;
            while (x < AsymptoticThreshold)
            {
                product *= x;
                x += 1.0;
            }

            shift = Math.Log(product);
        }

        var inverse = 1.0 / x;
        var inverseSquared = inverse * inverse;
        var series = inverse * (1.0 / 12.0 + inverseSquared * (-1.0 / 360.0 + inverseSquared * (1.0 / 1260.0
            + inverseSquared * (-1.0 / 1680.0 + inverseSquared * (1.0 / 1188.0 + inverseSquared * (-691.0 / 360360.0))))));
        return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + series - shift;
    }

    /// <summary>ψ(x) = d ln Γ(x) / dx for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x))
        {
            return x == double.PositiveInfinity ? double.PositiveInfinity : double.NaN;
        }

        var shift = 0.0;
        while (x < AsymptoticThreshold)
        {
            shift += 1.0 / x;
            x += 1.0;
        }

        var inverse = 1.0 / x;
        var inverseSquared = inverse * inverse;
        var series = inverseSquared * (1.0 / 12.0 - inverseSquared * (1.0 / 120.0 - inverseSquared * (1.0 / 252.0
            - inverseSquared * (1.0 / 240.0 - inverseSquared * (1.0 / 132.0 - inverseSquared * (691.0 / 32760.0))))));
        return Math.Log(x) - (0.5 * inverse) - series - shift;
    }

    /// <summary>ln(1 + x) without the cancellation of the naive form for small x (the BCL's LogP1 is the naive form).</summary>
    public static double LogOnePlus(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x - 1 without the cancellation of the naive form for small x (Kahan's method).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + (x * x / 2) + (x * x * x / 6);
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 || double.IsInfinity(u) ? um1 : um1 * x / Math.Log(u);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>
    /// Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for 0 &lt;= z &lt; 1 and c not a non-positive integer.
    /// The series is summed until a term no longer changes the sum (relative 1e-17) or <paramref name="maxTerms"/> is reached;
    /// it converges geometrically at rate z, so z close to 1 needs about 40 / (1 - z) terms.
    /// </summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z, int maxTerms = 1_000_000)
    {
        if (z < 0 || z >= 1 || double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series form of 2F1 is used only for 0 <= z < 1.");
        }

        if (c <= 0 && c == Math.Floor(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "2F1 has a pole when c is zero or a negative integer.");
        }

        var term = 1.0;
        var sum = 1.0;
        for (var k = 0; k < maxTerms; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
            {
                // Terms can grow for a while before they shrink (when a, b > c); stop only once they are shrinking.
                var nextRatio = Math.Abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
                if (nextRatio < 1)
                {
                    break;
                }
            }
        }

        return sum;
    }
}
