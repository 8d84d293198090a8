using System.Globalization;

namespace Crm.Analytics.Features.Lifetime;

/// <summary>
/// Buckets CLV values on a logarithmic scale, so that the long tail of a few very valuable customers and the mass of
/// small ones both show: the inner edges are spaced geometrically between the smallest positive CLV and the largest and
/// rounded to two significant digits. The first bucket starts at 0 (and holds everything below the scale's start: see
/// <see cref="MinimumScaleStart"/> and <see cref="MaximumScaleRange"/>), the last has no upper bound.
/// </summary>
internal static class ClvDistribution
{
    public const int DefaultBuckets = 10;

    /// <summary>The logarithmic scale never starts below one money unit.</summary>
    public const double MinimumScaleStart = 1;

    /// <summary>At most four orders of magnitude from the start of the scale to the largest value.</summary>
    public const double MaximumScaleRange = 10_000;

    public static IReadOnlyList<ClvBucket> Compute(IReadOnlyList<double> values, int buckets = DefaultBuckets)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (values.Count == 0)
        {
            return [];
        }

        var edges = Edges(values, buckets);
        var counts = new int[edges.Count + 1];
        var totals = new double[edges.Count + 1];
        foreach (var value in values)
        {
            var index = BucketOf(edges, value);
            counts[index]++;
            totals[index] += value;
        }

        var result = new ClvBucket[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            var from = i == 0 ? 0 : edges[i - 1];
            double? to = i < edges.Count ? edges[i] : null;
            result[i] = new ClvBucket(from, to, Label(from, to), counts[i], totals[i]);
        }

        return result;
    }

    /// <summary>The inner edges (strictly increasing, positive): bucket i holds edges[i-1] &lt;= v &lt; edges[i].</summary>
    internal static List<double> Edges(IReadOnlyList<double> values, int buckets)
    {
        var low = double.MaxValue;
        var high = 0.0;
        foreach (var value in values)
        {
            if (value > 0)
            {
                low = Math.Min(low, value);
                high = Math.Max(high, value);
            }
        }

        // The scale starts at 1 (a money unit) or at 1/10,000 of the largest value if that is more: CLVs below it (a customer
        // the model gives up on has a CLV of a fraction of a cent) all fall into the first bucket instead of spreading empty
        // buckets over many orders of magnitude of nothing.
        low = Math.Max(low, Math.Max(MinimumScaleStart, high / MaximumScaleRange));
        var edges = new List<double>(buckets - 1);
        if (high <= 0 || high <= low)
        {
            return edges;
        }

        var ratio = high / low;
        for (var k = 1; k < buckets; k++)
        {
            var edge = TwoSignificantDigits(low * Math.Pow(ratio, (double)k / buckets));
            if (edge > 0 && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        return edges;
    }

    /// <summary>Rounds to two significant digits (1234 -> 1200, 0.0567 -> 0.057).</summary>
    internal static double TwoSignificantDigits(double value)
    {
        if (value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return double.Parse((Math.Round(value / magnitude) * magnitude).ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static int BucketOf(List<double> edges, double value)
    {
        var index = edges.BinarySearch(value);
        // Exact hit on edge i: the value starts bucket i + 1; otherwise the complement is the first edge above the value.
        return index >= 0 ? index + 1 : ~index;
    }

    private static string Label(double from, double? to) => to is { } upper
        ? $"{Money(from)}–{Money(upper)}"
        : $"{Money(from)}+";

    internal static string Money(double value) =>
        value.ToString(value is > 0 and < 10 ? "N2" : "N0", CultureInfo.CurrentCulture);
}
