namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Purchase transactions grouped per customer into distinct purchase days (same-day purchases merged, their values summed),
/// in compressed-row form: the days of customer <c>CustomerIds[i]</c> are <c>Days[Offsets[i]..Offsets[i + 1]]</c>, ascending.
/// Customers are in ascending id order.
/// </summary>
internal sealed class PurchaseDays
{
    private PurchaseDays(int[] customerIds, int[] offsets, int[] days, double[] amounts)
    {
        CustomerIds = customerIds;
        Offsets = offsets;
        Days = days;
        Amounts = amounts;
    }

    /// <summary>Distinct customer ids, ascending.</summary>
    public int[] CustomerIds { get; }

    /// <summary>Start of each customer's days in <see cref="Days"/>; one more entry than customers.</summary>
    public int[] Offsets { get; }

    /// <summary>Distinct purchase days as day numbers (<see cref="DateOnly.DayNumber"/>), ascending per customer.</summary>
    public int[] Days { get; }

    /// <summary>Summed value of each purchase day.</summary>
    public double[] Amounts { get; }

    public int CustomerCount => CustomerIds.Length;

    /// <summary>
    /// Groups transactions (not necessarily sorted) that happened on or before <paramref name="lastDay"/>.
    /// Transactions after it are ignored. Empty input gives an empty result.
    /// </summary>
    /// <param name="customerIds">Customer of each transaction (any int id).</param>
    /// <param name="dayNumbers">Day of each transaction as <see cref="DateOnly.DayNumber"/>.</param>
    /// <param name="amounts">Value of each transaction; zero and negative values are kept and still count as a purchase day.</param>
    /// <param name="lastDay">Last day number that counts.</param>
    /// <param name="cancellationToken">Checked between phases and every 65,536 transactions.</param>
    public static PurchaseDays Group(
        ReadOnlySpan<int> customerIds,
        ReadOnlySpan<int> dayNumbers,
        ReadOnlySpan<double> amounts,
        int lastDay,
        CancellationToken cancellationToken)
    {
        if (customerIds.Length != dayNumbers.Length || customerIds.Length != amounts.Length)
        {
            throw new ArgumentException(
                $"customerIds ({customerIds.Length}), dayNumbers ({dayNumbers.Length}) and amounts ({amounts.Length}) must have the same length.");
        }

        var count = 0;
        for (var i = 0; i < dayNumbers.Length; i++)
        {
            if (dayNumbers[i] <= lastDay)
            {
                count++;
            }
        }

        // One 64-bit key per transaction: customer in the high half, day (sign bit flipped so it orders as unsigned) in the low half.
        var keys = new long[count];
        var values = new double[count];
        var n = 0;
        for (var i = 0; i < dayNumbers.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (dayNumbers[i] <= lastDay)
            {
                keys[n] = ((long)customerIds[i] << 32) | (uint)(dayNumbers[i] ^ int.MinValue);
                values[n] = amounts[i];
                n++;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        Array.Sort(keys, values);
        cancellationToken.ThrowIfCancellationRequested();

        var customerCount = 0;
        var dayCount = 0;
        for (var i = 0; i < count; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                dayCount++;
                if (i == 0 || (keys[i] >> 32) != (keys[i - 1] >> 32))
                {
                    customerCount++;
                }
            }
        }

        var ids = new int[customerCount];
        var offsets = new int[customerCount + 1];
        var days = new int[dayCount];
        var dayAmounts = new double[dayCount];
        var c = -1;
        var d = -1;
        for (var i = 0; i < count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (i == 0 || keys[i] != keys[i - 1])
            {
                d++;
                days[d] = (int)(uint)keys[i] ^ int.MinValue;
                if (i == 0 || (keys[i] >> 32) != (keys[i - 1] >> 32))
                {
                    c++;
                    ids[c] = (int)(keys[i] >> 32);
                    offsets[c] = d;
                }
            }

            dayAmounts[d] += values[i];
        }

        offsets[customerCount] = dayCount;
        return new PurchaseDays(ids, offsets, days, dayAmounts);
    }
}
