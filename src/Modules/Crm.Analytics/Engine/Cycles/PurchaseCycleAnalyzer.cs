using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Engine.Cycles;

/// <summary>A customer's typical purchase interval.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="PurchaseDays">Distinct purchase days (same-day purchases count once).</param>
/// <param name="FirstPurchase">First purchase day.</param>
/// <param name="LastPurchase">Last purchase day on or before the analysis date.</param>
/// <param name="TypicalIntervalDays">Median of the gaps in days between consecutive distinct purchase days (mean of the two
/// middle gaps when their number is even, so it can end in .5).</param>
/// <param name="ExpectedNextPurchase">Last purchase + typical interval, rounded to whole days (halves away from zero).</param>
internal readonly record struct PurchaseCycle(
    int CustomerId,
    int PurchaseDays,
    DateOnly FirstPurchase,
    DateOnly LastPurchase,
    double TypicalIntervalDays,
    DateOnly ExpectedNextPurchase);

/// <summary>A customer who is due to buy again.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="LastPurchase">Last purchase day.</param>
/// <param name="TypicalIntervalDays">Median gap between purchase days.</param>
/// <param name="ExpectedNextPurchase">When the next purchase was expected.</param>
/// <param name="DaysSinceLastPurchase">Analysis date minus last purchase.</param>
/// <param name="DaysOverdue">Analysis date minus expected next purchase (always &gt;= 0 for a due customer).</param>
internal readonly record struct DueCustomer(
    int CustomerId,
    DateOnly LastPurchase,
    double TypicalIntervalDays,
    DateOnly ExpectedNextPurchase,
    int DaysSinceLastPurchase,
    int DaysOverdue);

/// <summary>
/// Purchase cycles and "due to buy again". A cycle needs at least <see cref="MinimumPurchaseDays"/> distinct purchase days
/// (two gaps), so that one odd gap does not make the cycle. The typical interval is the median gap, which one long pause
/// or one quick top-up does not move as a mean would. A customer is due when the days since the last purchase exceed
/// factor × typical interval (factor 1.5 by default: half a cycle of slack before anybody calls).
/// </summary>
internal static class PurchaseCycleAnalyzer
{
    public const int MinimumPurchaseDays = 3;
    public const double DefaultDueFactor = 1.5;

    /// <summary>
    /// Cycles of every customer with at least three distinct purchase days on or before <paramref name="asOf"/>, ordered by
    /// customer id. Transactions after <paramref name="asOf"/> are ignored; empty input gives an empty result.
    /// </summary>
    public static PurchaseCycle[] Analyze(ReadOnlySpan<int> customerIds, ReadOnlySpan<DateOnly> dates, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var days = new int[dates.Length];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = dates[i].DayNumber;
        }

        return Analyze(customerIds, days, asOf, cancellationToken);
    }

    /// <inheritdoc cref="Analyze(ReadOnlySpan{int}, ReadOnlySpan{DateOnly}, DateOnly, CancellationToken)"/>
    public static PurchaseCycle[] Analyze(ReadOnlySpan<int> customerIds, ReadOnlySpan<int> dayNumbers, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var grouped = PurchaseDays.Group(customerIds, dayNumbers, new double[dayNumbers.Length], asOf.DayNumber, cancellationToken);
        return Analyze(grouped, cancellationToken);
    }

    /// <summary>Cycles from purchase days already grouped per customer.</summary>
    public static PurchaseCycle[] Analyze(PurchaseDays grouped, CancellationToken cancellationToken = default)
    {
        var offsets = grouped.Offsets;
        var days = grouped.Days;
        var count = 0;
        var longest = 0;
        for (var i = 0; i < grouped.CustomerCount; i++)
        {
            var n = offsets[i + 1] - offsets[i];
            if (n >= MinimumPurchaseDays)
            {
                count++;
                longest = Math.Max(longest, n - 1);
            }
        }

        var result = new PurchaseCycle[count];
        var gaps = new int[longest];
        var c = 0;
        for (var i = 0; i < grouped.CustomerCount; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var start = offsets[i];
            var n = offsets[i + 1] - start;
            if (n < MinimumPurchaseDays)
            {
                continue;
            }

            var span = gaps.AsSpan(0, n - 1);
            for (var j = 0; j < span.Length; j++)
            {
                span[j] = days[start + j + 1] - days[start + j];
            }

            span.Sort();
            var middle = span.Length / 2;
            var median = span.Length % 2 == 1 ? span[middle] : (span[middle - 1] + span[middle]) / 2.0;
            var last = days[start + n - 1];
            result[c++] = new PurchaseCycle(
                grouped.CustomerIds[i],
                n,
                DateOnly.FromDayNumber(days[start]),
                DateOnly.FromDayNumber(last),
                median,
                DateOnly.FromDayNumber(last + (int)Math.Round(median, MidpointRounding.AwayFromZero)));
        }

        return result;
    }

    /// <summary>
    /// Customers whose days since their last purchase exceed <paramref name="factor"/> × their typical interval on
    /// <paramref name="asOf"/>, most overdue first (ties by customer id).
    /// </summary>
    public static DueCustomer[] DueToBuyAgain(ReadOnlySpan<PurchaseCycle> cycles, DateOnly asOf, double factor = DefaultDueFactor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The due factor must be a positive number.");
        }

        var due = new List<DueCustomer>();
        foreach (var cycle in cycles)
        {
            var since = asOf.DayNumber - cycle.LastPurchase.DayNumber;
            if (since > factor * cycle.TypicalIntervalDays)
            {
                due.Add(new DueCustomer(
                    cycle.CustomerId,
                    cycle.LastPurchase,
                    cycle.TypicalIntervalDays,
                    cycle.ExpectedNextPurchase,
                    since,
                    asOf.DayNumber - cycle.ExpectedNextPurchase.DayNumber));
            }
        }

        due.Sort(static (left, right) => left.DaysOverdue != right.DaysOverdue
            ? right.DaysOverdue.CompareTo(left.DaysOverdue)
            : left.CustomerId.CompareTo(right.CustomerId));
        return [.. due];
    }
}
