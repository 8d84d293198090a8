namespace Crm.Analytics.Engine.Value;

/// <summary>Named RFM segments from the recency (R) and frequency (F) scores; see <see cref="RfmSegments.Of"/>.</summary>
internal enum RfmSegment : byte
{
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CannotLoseThem,
    Hibernating,
    Lost,
}

/// <summary>The R/F segment map.</summary>
internal static class RfmSegments
{
    /// <summary>Number of segments.</summary>
    public const int Count = 11;

    /// <summary>
    /// The widely used R/F grid (the "seg_map" of RFM tutorials: <c>[1-2][1-2]</c> hibernating, <c>[1-2][3-4]</c> at risk,
    /// <c>[1-2]5</c> can't lose, <c>3[1-2]</c> about to sleep, <c>33</c> need attention, <c>[3-4][4-5]</c> loyal,
    /// <c>41</c> promising, <c>51</c> new, <c>[4-5][2-3]</c> potential loyalists, <c>5[4-5]</c> champions), with the very
    /// worst cell R=1, F=1 split off from Hibernating as Lost:
    /// <code>
    ///          F=1            F=2            F=3            F=4            F=5
    /// R=5   New            Potential      Potential      Champions      Champions
    /// R=4   Promising      Potential      Potential      Loyal          Loyal
    /// R=3   About to sleep About to sleep Need attention Loyal          Loyal
    /// R=2   Hibernating    Hibernating    At risk        At risk        Can't lose them
    /// R=1   Lost           Hibernating    At risk        At risk        Can't lose them
    /// </code>
    /// </summary>
    public static RfmSegment Of(int recencyScore, int frequencyScore)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencyScore, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequencyScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequencyScore, 5);
        return (recencyScore, frequencyScore) switch
        {
            (1, 1) => RfmSegment.Lost,
            ( <= 2, <= 2) => RfmSegment.Hibernating,
            ( <= 2, <= 4) => RfmSegment.AtRisk,
            ( <= 2, _) => RfmSegment.CannotLoseThem,
            (3, <= 2) => RfmSegment.AboutToSleep,
            (3, 3) => RfmSegment.NeedAttention,
            ( <= 4, >= 4) => RfmSegment.LoyalCustomers,
            (4, 1) => RfmSegment.Promising,
            (5, 1) => RfmSegment.NewCustomers,
            (_, <= 3) => RfmSegment.PotentialLoyalists,
            _ => RfmSegment.Champions,
        };
    }

    /// <summary>The segment's name for people.</summary>
    public static string DisplayName(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "Champions",
        RfmSegment.LoyalCustomers => "Loyal",
        RfmSegment.PotentialLoyalists => "Potential loyalist",
        RfmSegment.NewCustomers => "New",
        RfmSegment.Promising => "Promising",
        RfmSegment.NeedAttention => "Need attention",
        RfmSegment.AboutToSleep => "About to sleep",
        RfmSegment.AtRisk => "At risk",
        RfmSegment.CannotLoseThem => "Can't lose them",
        RfmSegment.Hibernating => "Hibernating",
        RfmSegment.Lost => "Lost",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
    };
}

/// <summary>RFM figures, scores and segment of each customer (index = position in the input arrays).</summary>
internal sealed class RfmResult
{
    internal RfmResult(int[] recencyDays, int[] frequency, double[] monetary, byte[] r, byte[] f, byte[] m, RfmSegment[] segments)
    {
        RecencyDays = recencyDays;
        Frequency = frequency;
        Monetary = monetary;
        RecencyScore = r;
        FrequencyScore = f;
        MonetaryScore = m;
        Segment = segments;
        SegmentCounts = new int[RfmSegments.Count];
        foreach (var s in segments)
        {
            SegmentCounts[(int)s]++;
        }
    }

    public int Count => Segment.Length;

    /// <summary>Whole days from the last purchase to the as-of date.</summary>
    public int[] RecencyDays { get; }

    /// <summary>Number of purchase orders.</summary>
    public int[] Frequency { get; }

    /// <summary>Sum of the order line amounts.</summary>
    public double[] Monetary { get; }

    /// <summary>1-5; more recent = higher.</summary>
    public byte[] RecencyScore { get; }

    /// <summary>1-5; more orders = higher.</summary>
    public byte[] FrequencyScore { get; }

    /// <summary>1-5; more spend = higher.</summary>
    public byte[] MonetaryScore { get; }

    public RfmSegment[] Segment { get; }

    /// <summary>Customers per segment, indexed by <see cref="RfmSegment"/>.</summary>
    public int[] SegmentCounts { get; }
}

/// <summary>Recency, frequency and monetary value as of a date, scored 1-5 by quintiles (<see cref="QuintileScores"/>).</summary>
internal static class Rfm
{
    /// <summary>
    /// Scores customers who bought at least once before or on the as-of date. Customer <c>i</c> is position <c>i</c> of every span.
    /// </summary>
    /// <param name="lastPurchaseDays">Day of each customer's last purchase as <see cref="DateOnly.DayNumber"/>, not after <paramref name="asOfDay"/>.</param>
    /// <param name="frequencies">Number of purchase orders, at least 1.</param>
    /// <param name="monetary">Sum of the order line amounts (may be zero or negative after returns; not NaN).</param>
    /// <param name="asOfDay">The as-of date as <see cref="DateOnly.DayNumber"/>; recency = asOfDay - last purchase day.</param>
    /// <param name="cancellationToken">Checked between the scores.</param>
    public static RfmResult Score(
        ReadOnlySpan<int> lastPurchaseDays,
        ReadOnlySpan<int> frequencies,
        ReadOnlySpan<double> monetary,
        int asOfDay,
        CancellationToken cancellationToken)
    {
        var n = lastPurchaseDays.Length;
        if (frequencies.Length != n || monetary.Length != n)
        {
            throw new ArgumentException(
                $"lastPurchaseDays ({n}), frequencies ({frequencies.Length}) and monetary ({monetary.Length}) must have the same length.");
        }

        var recency = new int[n];
        for (var i = 0; i < n; i++)
        {
            var days = asOfDay - lastPurchaseDays[i];
            if (days < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lastPurchaseDays), lastPurchaseDays[i], $"Customer {i} last bought after the as-of day {asOfDay}; leave such purchases out.");
            }

            if (frequencies[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(frequencies), frequencies[i], $"Customer {i} has no purchase; RFM scores buyers only.");
            }

            if (double.IsNaN(monetary[i]))
            {
                throw new ArgumentException($"Customer {i} has a NaN monetary value.", nameof(monetary));
            }

            recency[i] = days;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var r = new byte[n];
        QuintileScores.Score(recency, smallerIsBetter: true, r);
        cancellationToken.ThrowIfCancellationRequested();
        var f = new byte[n];
        QuintileScores.Score(frequencies, smallerIsBetter: false, f);
        cancellationToken.ThrowIfCancellationRequested();
        var m = new byte[n];
        QuintileScores.Score(monetary, smallerIsBetter: false, m);

        var segments = new RfmSegment[n];
        for (var i = 0; i < n; i++)
        {
            segments[i] = RfmSegments.Of(r[i], f[i]);
        }

        return new RfmResult(recency, frequencies.ToArray(), monetary.ToArray(), r, f, m, segments);
    }
}
