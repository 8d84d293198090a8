namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Per-customer sufficient statistics of the lifetime models over a calibration period, one entry per customer
/// (structure of arrays, all of length <see cref="Count"/>):
/// <list type="bullet">
/// <item><see cref="X"/>: x, repeat purchases = distinct purchase days - 1 (same-day purchases are one transaction);</item>
/// <item><see cref="Tx"/>: t_x, time of the last purchase since the first purchase (0 when x = 0);</item>
/// <item><see cref="T"/>: T, calibration end minus first purchase;</item>
/// <item><see cref="Zbar"/>: zbar, mean value of the repeat purchases (first purchase day excluded; 0 when x = 0).</item>
/// </list>
/// Times are in <see cref="Unit"/>.
/// </summary>
internal sealed class CalibrationSummary
{
    /// <summary>Wraps arrays (not copied). Validates lengths and 0 &lt;= t_x &lt;= T, x &gt;= 0, and t_x = 0 when x = 0.</summary>
    public CalibrationSummary(int[] customerIds, int[] x, double[] tx, double[] t, double[] zbar, TimeUnit unit)
    {
        var n = customerIds.Length;
        if (x.Length != n || tx.Length != n || t.Length != n || zbar.Length != n)
        {
            throw new ArgumentException("customerIds, x, tx, t and zbar must have the same length.");
        }

        for (var i = 0; i < n; i++)
        {
            if (x[i] < 0 || !(tx[i] >= 0) || !(t[i] >= tx[i]) || double.IsInfinity(t[i]) || double.IsNaN(zbar[i]))
            {
                throw new ArgumentException(
                    $"Customer {customerIds[i]}: need x >= 0 and 0 <= t_x <= T, finite (x = {x[i]}, t_x = {tx[i]}, T = {t[i]}, zbar = {zbar[i]}).");
            }

            if (x[i] == 0 && tx[i] != 0)
            {
                throw new ArgumentException($"Customer {customerIds[i]}: t_x must be 0 when x = 0 (t_x = {tx[i]}).");
            }
        }

        CustomerIds = customerIds;
        X = x;
        Tx = tx;
        T = t;
        Zbar = zbar;
        Unit = unit;
    }

    public int[] CustomerIds { get; }

    /// <summary>x: number of repeat purchases.</summary>
    public int[] X { get; }

    /// <summary>t_x: time of the last purchase since the first purchase.</summary>
    public double[] Tx { get; }

    /// <summary>T: calibration end minus first purchase.</summary>
    public double[] T { get; }

    /// <summary>zbar: mean value of the repeat purchases; 0 when x = 0.</summary>
    public double[] Zbar { get; }

    public TimeUnit Unit { get; }

    public int Count => CustomerIds.Length;

    /// <summary>Summary from plain arrays, customer ids 0..n-1 (synthetic data, published summaries).</summary>
    public static CalibrationSummary FromArrays(int[] x, double[] tx, double[] t, double[]? zbar = null, TimeUnit unit = TimeUnit.Week)
    {
        var ids = new int[x.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }

        return new CalibrationSummary(ids, x, tx, t, zbar ?? new double[x.Length], unit);
    }
}
