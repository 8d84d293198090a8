namespace Crm.Analytics.Engine.Value;

/// <summary>
/// Order-preserving 64-bit keys for numbers and a stable LSD radix sort over them (8-bit digits, passes whose digit is
/// the same for every key are skipped), used where a million customers must be ranked in a few tens of milliseconds.
/// </summary>
internal static class SortKeys
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>A key that sorts like <paramref name="value"/> (ascending); -0.0 and 0.0 get the same key. NaN is rejected.</summary>
    public static ulong Of(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be ranked.", nameof(value));
        }

        var bits = (ulong)BitConverter.DoubleToInt64Bits(value + 0.0);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    /// <summary>A key that sorts like <paramref name="value"/> (ascending).</summary>
    public static ulong Of(int value) => (uint)(value ^ int.MinValue);

    /// <summary>A key that sorts like <paramref name="value"/> (ascending).</summary>
    public static ulong Of(long value) => (ulong)(value ^ long.MinValue);

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending and applies the same permutation to <paramref name="payload"/> (if not empty).
    /// Stable: equal keys keep their input order. <paramref name="keyBuffer"/> and <paramref name="payloadBuffer"/> are
    /// scratch of the same lengths (payload buffer may be empty when the payload is).
    /// </summary>
    public static void RadixSort(Span<ulong> keys, Span<int> payload, Span<ulong> keyBuffer, Span<int> payloadBuffer)
    {
        var n = keys.Length;
        if (n < 2)
        {
            return;
        }

        var withPayload = !payload.IsEmpty;
        var counts = new int[8 * 256];
        foreach (var key in keys)
        {
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)((key >> 8) & 0xFF)]++;
            counts[512 + (int)((key >> 16) & 0xFF)]++;
            counts[768 + (int)((key >> 24) & 0xFF)]++;
            counts[1024 + (int)((key >> 32) & 0xFF)]++;
            counts[1280 + (int)((key >> 40) & 0xFF)]++;
            counts[1536 + (int)((key >> 48) & 0xFF)]++;
            counts[1792 + (int)(key >> 56)]++;
        }

        var source = keys;
        var target = keyBuffer;
        var sourcePayload = payload;
        var targetPayload = payloadBuffer;
        Span<int> start = stackalloc int[256];
        for (var pass = 0; pass < 8; pass++)
        {
            var histogram = counts.AsSpan(pass * 256, 256);
            var shift = pass * 8;
            if (histogram[(int)((source[0] >> shift) & 0xFF)] == n)
            {
                continue;
            }

            var sum = 0;
            for (var d = 0; d < 256; d++)
            {
                start[d] = sum;
                sum += histogram[d];
            }

            if (withPayload)
            {
                for (var i = 0; i < n; i++)
                {
                    var key = source[i];
                    var at = start[(int)((key >> shift) & 0xFF)]++;
                    target[at] = key;
                    targetPayload[at] = sourcePayload[i];
                }

                var swapPayload = sourcePayload;
                sourcePayload = targetPayload;
                targetPayload = swapPayload;
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var key = source[i];
                    target[start[(int)((key >> shift) & 0xFF)]++] = key;
                }
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (source != keys)
        {
            source.CopyTo(keys);
            if (withPayload)
            {
                sourcePayload.CopyTo(payload);
            }
        }
    }
}
