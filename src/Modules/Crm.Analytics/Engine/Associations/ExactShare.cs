namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// A threshold share from 0 to 1 (minimum support or confidence) held as the exact decimal it was given, numerator over a
/// power of ten, and compared with ratios of whole counts in 128-bit integers. Floating point cannot decide the boundary:
/// 0.7 and 0.0005 have no exact binary form, so "7 of 10 reaches 0.7" or "ceil(0.0005 × 88,162)" would depend on rounding.
/// With a numerator and denominator of at most 10^28 and counts below 2^31 every product stays below 2^125.
/// </summary>
internal readonly struct ExactShare
{
    private readonly Int128 numerator;
    private readonly Int128 denominator;

    private ExactShare(Int128 numerator, Int128 denominator)
    {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /// <summary>The share <paramref name="value"/> exactly; throws unless it is from 0 to 1.</summary>
    public static ExactShare Of(decimal value, string parameterName)
    {
        if (value < 0m || value > 1m)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "A share must be from 0 to 1.");
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var power = (Int128)1;
        for (var i = 0; i < scale; i++)
        {
            power *= 10;
        }

        return new ExactShare(mantissa, power);
    }

    /// <summary>True when <paramref name="part"/> / <paramref name="whole"/> is at least this share (<paramref name="whole"/> &gt; 0).</summary>
    public bool IsReachedBy(long part, long whole) => part * denominator >= numerator * whole;

    /// <summary><c>ceil(share × count)</c>, exactly.</summary>
    public long CeilingTimes(long count)
    {
        var product = numerator * count;
        var quotient = product / denominator;
        return (long)(quotient * denominator == product ? quotient : quotient + 1);
    }
}
