namespace Crm.Analytics.Engine.Lifetime;

/// <summary>Adds the partial sums of <paramref name="start"/>..<paramref name="end"/> (exclusive) into <paramref name="sums"/>.</summary>
internal delegate void ChunkBody(int start, int end, Span<double> sums);

/// <summary>
/// Sums per-customer terms over fixed-size chunks, in parallel when there are several chunks, and adds the chunk results in
/// chunk order. The chunking does not depend on the number of threads, so results are bit-for-bit the same on any machine.
/// </summary>
internal static class ChunkedSum
{
    /// <summary>Customers per chunk: large enough to amortise scheduling, small enough to balance two or more cores.</summary>
    public const int ChunkSize = 16_384;

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>) and writes the <paramref name="width"/> totals into
    /// <paramref name="totals"/>. <paramref name="scratch"/> must hold at least ChunkCount(count) * width values.
    /// </summary>
    public static void Run(int count, int width, ChunkBody body, double[] scratch, Span<double> totals, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        totals[..width].Clear();
        var chunks = ChunkCount(count);
        if (chunks == 0)
        {
            return;
        }

        Array.Clear(scratch, 0, chunks * width);
        if (chunks == 1 || maxDegreeOfParallelism == 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize), scratch.AsSpan(c * width, width));
            }
        }
        else
        {
            var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
            Parallel.For(0, chunks, parallelOptions, c => body(c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize), scratch.AsSpan(c * width, width)));
        }

        for (var c = 0; c < chunks; c++)
        {
            for (var k = 0; k < width; k++)
            {
                totals[k] += scratch[(c * width) + k];
            }
        }
    }

    public static int ChunkCount(int count) => (count + ChunkSize - 1) / ChunkSize;
}

/// <summary>The distinct values of x with their counts, and each customer's index into them.</summary>
internal sealed class DistinctCounts
{
    private DistinctCounts(int[] values, double[] counts, int[] index)
    {
        Values = values;
        Counts = counts;
        Index = index;
    }

    /// <summary>Distinct x, ascending.</summary>
    public int[] Values { get; }

    /// <summary>Customers with each distinct x.</summary>
    public double[] Counts { get; }

    /// <summary>Per customer, the position of its x in <see cref="Values"/>.</summary>
    public int[] Index { get; }

    public static DistinctCounts Of(ReadOnlySpan<int> x)
    {
        var sorted = x.ToArray();
        Array.Sort(sorted);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sorted[distinct++] = sorted[i];
            }
        }

        var values = sorted.AsSpan(0, distinct).ToArray();
        var counts = new double[distinct];
        var index = new int[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var k = Array.BinarySearch(values, x[i]);
            index[i] = k;
            counts[k]++;
        }

        return new DistinctCounts(values, counts, index);
    }
}
