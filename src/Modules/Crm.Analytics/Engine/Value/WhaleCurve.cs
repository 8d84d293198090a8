namespace Crm.Analytics.Engine.Value;

/// <summary>One point of the whale curve: the top <paramref name="CustomerShare"/> of customers by profit earn <paramref name="ProfitShare"/> of total profit.</summary>
internal readonly record struct WhaleCurvePoint(double CustomerShare, double ProfitShare);

/// <summary>
/// The whale curve (Kaplan &amp; Cooper): cumulative profit as a share of total profit against the share of customers ranked
/// by profit, most profitable first. It typically rises well above 100% and falls back to exactly 100% at the last
/// customer, as the unprofitable customers give back part of the profit.
/// </summary>
internal sealed class WhaleCurve
{
    private WhaleCurve(WhaleCurvePoint[] points, double topShare, double topCustomerShare, WhaleCurvePoint peak, double totalProfit)
    {
        Points = points;
        TopShare = topShare;
        TopCustomerShare = topCustomerShare;
        Peak = peak;
        TotalProfit = totalProfit;
    }

    /// <summary>
    /// Points at evenly spaced customer shares 0, 1/(k−1), ..., 1 (rounded to whole customers), from (0, 0) to (1, 1).
    /// </summary>
    public WhaleCurvePoint[] Points { get; }

    /// <summary>Share of total profit earned by the top <see cref="TopCustomerShare"/> of customers (default 20%).</summary>
    public double TopShare { get; }

    /// <summary>The customer share for <see cref="TopShare"/>.</summary>
    public double TopCustomerShare { get; }

    /// <summary>The highest point of the curve (the fewest customers that reach the highest cumulative profit).</summary>
    public WhaleCurvePoint Peak { get; }

    /// <summary>Total profit of all customers.</summary>
    public double TotalProfit { get; }

    /// <summary>
    /// Builds the curve from a profit ranking. Shares are relative to total profit, so when total profit is zero or negative
    /// the curve has no meaning and every share is NaN (the caller should show the totals instead). The top share uses the
    /// top <see cref="TierThresholds.TopCount"/>(<paramref name="topCustomerShare"/>) customers, the same count as the tiers.
    /// </summary>
    public static WhaleCurve From(ValueRanking byProfit, int pointCount = 101, double topCustomerShare = 0.20)
    {
        ArgumentNullException.ThrowIfNull(byProfit);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointCount, 2);
        var n = byProfit.Count;
        var total = byProfit.Total;
        var valid = total > 0;
        double ShareAt(int customers) =>
            !valid ? double.NaN : customers == 0 ? 0.0 : byProfit.CumulativeValue[customers - 1] / total;

        var points = new WhaleCurvePoint[pointCount];
        for (var k = 0; k < pointCount; k++)
        {
            var customers = (int)Math.Round((double)k * n / (pointCount - 1), MidpointRounding.AwayFromZero);
            points[k] = new WhaleCurvePoint(n == 0 ? (double)k / (pointCount - 1) : (double)customers / n, ShareAt(customers));
        }

        var top = TierThresholds.TopCount(topCustomerShare, n);
        var peakCustomers = 0;
        for (var r = 0; r < n; r++)
        {
            if (peakCustomers == 0 || byProfit.CumulativeValue[r] > byProfit.CumulativeValue[peakCustomers - 1])
            {
                peakCustomers = r + 1;
            }
        }

        var peak = new WhaleCurvePoint(n == 0 ? 0 : (double)peakCustomers / n, ShareAt(peakCustomers));
        return new WhaleCurve(points, ShareAt(top), n == 0 ? topCustomerShare : (double)top / n, peak, total);
    }
}
