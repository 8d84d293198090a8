namespace Crm.Analytics.Engine.Lifetime;

/// <summary>
/// Discounted customer lifetime value over a horizon of whole months, computed as the lifetimes library's
/// <c>customer_lifetime_value</c> does: for month i = 1..H,
/// CLV += E[Z | x, zbar] · (E[Y(i·m) | x, t_x, T] - E[Y((i-1)·m) | x, t_x, T]) / (1 + d)^i,
/// where E[Y] is the purchase model's conditional expected purchases after T, E[Z] the Gamma-Gamma expected transaction value,
/// d the monthly discount rate and m the model time units per month: 4.345 weeks (<see cref="TimeUnit.Week"/>) or 30 days
/// (<see cref="TimeUnit.Day"/>), the factors lifetimes uses. The result is in the currency of the purchase amounts.
/// </summary>
internal static class CustomerLifetimeValue
{
    /// <summary>CLV of every customer of <paramref name="data"/>, in the order of <see cref="CalibrationSummary.CustomerIds"/>.</summary>
    /// <typeparam name="TModel">BG/NBD or Pareto/NBD parameters (or any <see cref="IPurchaseModel"/>), fitted in <paramref name="data"/>'s time unit.</typeparam>
    public static double[] Compute<TModel>(
        TModel purchases,
        GammaGammaParameters spend,
        CalibrationSummary data,
        int months,
        double monthlyDiscountRate,
        CancellationToken cancellationToken = default)
        where TModel : IPurchaseModel
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        if (!(monthlyDiscountRate > -1) || double.IsInfinity(monthlyDiscountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(monthlyDiscountRate), monthlyDiscountRate, "The monthly discount rate must be greater than -1.");
        }

        var unitsPerMonth = data.Unit.PerMonth();
        var result = new double[data.Count];
        var chunks = ChunkedSum.ChunkCount(data.Count);
        var parallelOptions = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, chunks, parallelOptions, c =>
        {
            var end = Math.Min(data.Count, (c + 1) * ChunkedSum.ChunkSize);
            for (var i = c * ChunkedSum.ChunkSize; i < end; i++)
            {
                if ((i & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                result[i] = Single(purchases, spend, data.X[i], data.Tx[i], data.T[i], data.Zbar[i], months, monthlyDiscountRate, unitsPerMonth);
            }
        });

        return result;
    }

    /// <summary>CLV of one customer with history (x, t_x, T, zbar).</summary>
    public static double Single<TModel>(
        TModel purchases,
        GammaGammaParameters spend,
        int x,
        double tx,
        double T,
        double zbar,
        int months,
        double monthlyDiscountRate,
        double unitsPerMonth)
        where TModel : IPurchaseModel
    {
        var value = spend.ConditionalExpectedAverageValue(x, zbar);
        var previous = 0.0;
        var discount = 1.0;
        var clv = 0.0;
        for (var i = 1; i <= months; i++)
        {
            var cumulative = purchases.ConditionalExpectedPurchases(i * unitsPerMonth, x, tx, T);
            discount *= 1 + monthlyDiscountRate;
            clv += value * (cumulative - previous) / discount;
            previous = cumulative;
        }

        return clv;
    }
}
