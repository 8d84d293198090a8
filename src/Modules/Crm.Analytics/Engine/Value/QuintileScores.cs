namespace Crm.Analytics.Engine.Value;

/// <summary>
/// Scores 1-5 by quintiles, with a tie rule that gives equal values equal scores.
/// </summary>
/// <remarks>
/// <para>A customer's percentile is the mid-rank share <c>p = (B + E / 2) / n</c>, where <c>B</c> is the number of customers
/// with a strictly worse value, <c>E</c> the number with the same value (the customer included) and <c>n</c> all customers;
/// the score is <c>1 + floor(5p)</c>, computed exactly in integers as <c>1 + (10B + 5E) div 2n</c> (always 1..5).</para>
/// <para>Consequences: without ties the scores are exact quintiles (the worst fifth gets 1, the best fifth 5; with
/// <c>n = 10</c> two customers per score). Tied customers share the middle of the positions they occupy, so equal
/// values always get equal scores and a large tie lands in the quintile of its middle: if 60% of customers bought once,
/// they all get frequency score 2 (middle at 30%) and score 1 stays empty. When all customers are equal everyone
/// scores 3. With fewer than 5 customers not every score is used: two distinct customers score 2 and 4, three score
/// 1, 3 and 5, one customer scores 3. Reversing the direction of "better" maps every score s to 6 - s except where
/// 5p is a whole number.</para>
/// </remarks>
internal static class QuintileScores
{
    /// <summary>Scores <paramref name="values"/> (larger = better unless <paramref name="smallerIsBetter"/>) into <paramref name="scores"/>.</summary>
    public static void Score(ReadOnlySpan<int> values, bool smallerIsBetter, Span<byte> scores)
    {
        CheckLengths(values.Length, scores.Length);
        var n = values.Length;
        if (n == 0)
        {
            return;
        }

        int min = int.MaxValue, max = int.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = (long)max - min + 1;
        if (range > 2L * n + 4096)
        {
            // Sparse values: rank through sort keys instead of a histogram.
            var keys = new ulong[n];
            for (var i = 0; i < n; i++)
            {
                keys[i] = SortKeys.Of(smallerIsBetter ? -(long)values[i] : values[i]);
            }

            ScoreKeys(keys, scores);
            return;
        }

        // Dense values: count each value, then B (worse) and E (equal) per value in one sweep from worst to best.
        var histogram = new int[range];
        foreach (var v in values)
        {
            histogram[v - min]++;
        }

        var scoreOfValue = new byte[range];
        long worse = 0;
        for (var k = 0; k < range; k++)
        {
            var slot = smallerIsBetter ? (int)(range - 1 - k) : k;
            var equal = histogram[slot];
            if (equal > 0)
            {
                scoreOfValue[slot] = ScoreOf(worse, equal, n);
                worse += equal;
            }
        }

        for (var i = 0; i < n; i++)
        {
            scores[i] = scoreOfValue[values[i] - min];
        }
    }

    /// <summary>Scores <paramref name="values"/> (larger = better unless <paramref name="smallerIsBetter"/>; no NaN) into <paramref name="scores"/>.</summary>
    public static void Score(ReadOnlySpan<double> values, bool smallerIsBetter, Span<byte> scores)
    {
        CheckLengths(values.Length, scores.Length);
        var keys = new ulong[values.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = SortKeys.Of(smallerIsBetter ? -values[i] : values[i]);
        }

        ScoreKeys(keys, scores);
    }

    /// <summary>The score of a customer with <paramref name="worse"/> strictly worse and <paramref name="equal"/> equal customers (self included) out of <paramref name="n"/>.</summary>
    public static byte ScoreOf(long worse, long equal, long n) => (byte)(1 + ((10 * worse) + (5 * equal)) / (2 * n));

    /// <summary>Scores by keys where a larger key is better. Sorts a copy; scores are monotone in the key, so at most four thresholds separate them.</summary>
    private static void ScoreKeys(ulong[] keys, Span<byte> scores)
    {
        var n = keys.Length;
        var sorted = keys.AsSpan().ToArray();
        SortKeys.RadixSort(sorted, [], new ulong[n], []);

        // lowestKeyWithScore[s] = smallest key whose score is at least s (ulong.MaxValue + absent flag when none).
        Span<ulong> lowestKey = stackalloc ulong[6];
        Span<bool> present = stackalloc bool[6];
        var previousScore = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && sorted[end] == sorted[start])
            {
                end++;
            }

            int score = ScoreOf(start, end - start, n);
            for (var s = previousScore + 1; s <= score; s++)
            {
                lowestKey[s] = sorted[start];
                present[s] = true;
            }

            previousScore = Math.Max(previousScore, score);
            start = end;
        }

        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            byte score = 1;
            for (var s = 2; s <= 5; s++)
            {
                if (present[s] && key >= lowestKey[s])
                {
                    score = (byte)s;
                }
            }

            scores[i] = score;
        }
    }

    private static void CheckLengths(int values, int scores)
    {
        if (values != scores)
        {
            throw new ArgumentException($"values ({values}) and scores ({scores}) must have the same length.");
        }
    }
}
