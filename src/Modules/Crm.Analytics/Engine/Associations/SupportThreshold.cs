namespace Crm.Analytics.Engine.Associations;

/// <summary>Turns a relative minimum support into the minimum number of transactions.</summary>
internal static class SupportThreshold
{
    /// <summary>
    /// <c>ceil(minSupport × transactionCount)</c>, at least 1: an itemset is frequent when it occurs in at least this many
    /// transactions, i.e. when its support (count / transactions) is at least <paramref name="minSupport"/>.
    /// A product that lands within a relative 1e-9 of a whole number is taken as that number, so that floating-point noise
    /// cannot move the threshold across a boundary (0.7 × 10 evaluates to 7.000000000000001 and still gives 7).
    /// </summary>
    public static int ToCount(double minSupport, int transactionCount)
    {
        if (double.IsNaN(minSupport) || minSupport < 0 || minSupport > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minSupport), minSupport, "Minimum support must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(transactionCount);
        var exact = minSupport * transactionCount;
        var nearest = Math.Round(exact);
        var count = Math.Abs(exact - nearest) <= 1e-9 * Math.Max(1.0, exact) ? nearest : Math.Ceiling(exact);
        return Math.Max(1, (int)count);
    }
}
