namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Turns a purchase log into the per-customer (x, t_x, T, zbar) of a calibration period.
/// </summary>
/// <remarks>
/// Definitions (they reproduce lifetimes' <c>summary_data_from_transaction_data</c> and the published
/// <c>cdnow_customers_summary_with_transactions.csv</c> to its two decimals):
/// <list type="bullet">
/// <item>only transactions on or before the calibration end count; a customer whose first purchase is after it is absent;</item>
/// <item>purchases on the same day are one transaction whose value is their sum; zero-value purchases count as purchases;</item>
/// <item>x = distinct purchase days - 1; t_x = (last day - first day) / unit; T = (calibration end - first day) / unit,
/// with unit = 7 days for <see cref="TimeUnit.Week"/> (so the CDNOW customers who first bought on 1997-01-01 have
/// T = 272 / 7 = 38.86 weeks with calibration end 1997-09-30, as in the published file);</item>
/// <item>zbar = (sum of the values of the days after the first) / x, 0 when x = 0.</item>
/// </list>
/// Empty input (or no transaction on or before the end) gives an empty summary, not an error; the model fits reject an empty summary.
/// </remarks>
internal static class TransactionSummarizer
{
    public static CalibrationSummary Summarize(
        ReadOnlySpan<int> customerIds,
        ReadOnlySpan<int> dayNumbers,
        ReadOnlySpan<double> amounts,
        DateOnly calibrationEnd,
        TimeUnit unit,
        CancellationToken cancellationToken = default)
    {
        var grouped = PurchaseDays.Group(customerIds, dayNumbers, amounts, calibrationEnd.DayNumber, cancellationToken);
        return Summarize(grouped, calibrationEnd, unit, cancellationToken);
    }

    /// <summary>Convenience overload for dates and money as the CRM stores them.</summary>
    public static CalibrationSummary Summarize(
        ReadOnlySpan<int> customerIds,
        ReadOnlySpan<DateOnly> dates,
        ReadOnlySpan<decimal> amounts,
        DateOnly calibrationEnd,
        TimeUnit unit,
        CancellationToken cancellationToken = default)
    {
        if (dates.Length != amounts.Length)
        {
            throw new ArgumentException($"dates ({dates.Length}) and amounts ({amounts.Length}) must have the same length.");
        }

        var days = new int[dates.Length];
        var values = new double[amounts.Length];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = dates[i].DayNumber;
            values[i] = (double)amounts[i];
        }

        return Summarize(customerIds, days, values, calibrationEnd, unit, cancellationToken);
    }

    /// <summary>Summary of already grouped purchase days (all days must be on or before <paramref name="calibrationEnd"/>).</summary>
    public static CalibrationSummary Summarize(PurchaseDays grouped, DateOnly calibrationEnd, TimeUnit unit, CancellationToken cancellationToken = default)
    {
        var unitDays = unit.Days();
        var end = calibrationEnd.DayNumber;
        var n = grouped.CustomerCount;
        var x = new int[n];
        var tx = new double[n];
        var t = new double[n];
        var zbar = new double[n];
        var offsets = grouped.Offsets;
        var days = grouped.Days;
        var amounts = grouped.Amounts;
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var start = offsets[i];
            var stop = offsets[i + 1];
            var first = days[start];
            if (days[stop - 1] > end)
            {
                throw new ArgumentException($"Customer {grouped.CustomerIds[i]} has purchase days after the calibration end.", nameof(grouped));
            }

            var repeats = stop - start - 1;
            x[i] = repeats;
            tx[i] = (days[stop - 1] - first) / unitDays;
            t[i] = (end - first) / unitDays;
            if (repeats > 0)
            {
                var sum = 0.0;
                for (var j = start + 1; j < stop; j++)
                {
                    sum += amounts[j];
                }

                zbar[i] = sum / repeats;
            }
        }

        return new CalibrationSummary((int[])grouped.CustomerIds.Clone(), x, tx, t, zbar, unit);
    }
}
