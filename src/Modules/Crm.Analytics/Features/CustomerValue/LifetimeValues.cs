using Crm.Analytics.Contracts;
using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>A lifetime fit with per-customer predictions, in the order of <see cref="Summary"/>.</summary>
internal sealed record LifetimeResult(
    CalibrationSummary Summary,
    IReadOnlyList<ModelParameter> Parameters,
    double LogLikelihood,
    bool Converged,
    int FitCustomers,
    double[] ProbabilityAlive,
    double[] ExpectedPurchases,
    double[]? ExpectedValue,
    double[]? Clv)
{
    /// <summary>How long the fits took.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Elapsed)> Timings { get; init; } = [];

    /// <summary>The Gamma-Gamma spend parameters behind <see cref="ExpectedValue"/> (null when not fitted).</summary>
    public Engine.Lifetime.GammaGammaParameters? Spend { get; init; }
}

/// <summary>
/// Fits the lifetime models on a purchase log and predicts per customer. The purchase model (BG/NBD, Pareto/NBD; BG/NBD
/// when the Gamma-Gamma fit is asked for) gives P(alive) and the expected purchases in the horizon; the Gamma-Gamma model
/// the expected value of a purchase. CLV over a horizon h = sum over steps of one time unit of
/// E[Z] · (E[Y(t_k)] - E[Y(t_(k-1))]) / (1 + d)^(t_k / m), with t_k = min(k, h), d the monthly discount rate and m the
/// units per month (4.345 weeks, 30 days, as the lifetimes library); with d = 0 this is E[Z] · E[Y(h)].
/// </summary>
internal static class LifetimeValues
{
    private const int Chunk = 16_384;

    public static void Validate(LifetimeValueRequest request)
    {
        if (!(request.Horizon > 0) || request.Horizon > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Horizon, "The horizon must be a positive number of time units (at most 100,000).");
        }

        if (!(request.MonthlyDiscountRate >= 0) || request.MonthlyDiscountRate > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MonthlyDiscountRate, "The monthly discount rate must be between 0 and 10.");
        }
    }

    public static LifetimeResult Compute(PurchaseLog log, LifetimeValueRequest request, CancellationToken cancellationToken) =>
        Compute(PurchaseDays.Group(log.OrderCustomer, log.OrderDay, log.OrderAmount, request.CalibrationEnd.DayNumber, cancellationToken), request, null, cancellationToken);

    /// <summary>The fit and predictions from purchase days already grouped up to the calibration end.</summary>
    /// <param name="spendSample">
    /// Fit the Gamma-Gamma model on at most this many repeat buyers (every k-th, deterministic) instead of all: three
    /// parameters are pinned down long before a million customers, and its per-customer digamma terms make the full fit the
    /// slowest step at that size. Null = all (what <c>crm analytics clv</c> and the published figures use).
    /// </param>
    public static LifetimeResult Compute(PurchaseDays grouped, LifetimeValueRequest request, int? spendSample, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var timings = new List<(string, TimeSpan)>();
        var unit = request.TimeUnit == LifetimeTimeUnit.Day ? TimeUnit.Day : TimeUnit.Week;
        var summary = TransactionSummarizer.Summarize(grouped, request.CalibrationEnd, unit, cancellationToken);
        if (summary.Count == 0)
        {
            throw new InvalidOperationException($"No customer has a purchase order on or before {request.CalibrationEnd:yyyy-MM-dd}.");
        }

        ModelFit<GammaGammaParameters>? spend = null;
        try
        {
            spend = spendSample is { } sample ? FitSpendOnSample(summary, sample, cancellationToken) : GammaGammaModel.Fit(summary, cancellationToken: cancellationToken);
            timings.Add(("Gamma-Gamma fit", watch.Elapsed));
            watch.Restart();
        }
        catch (ArgumentException) when (request.Model != LifetimeModel.GammaGamma)
        {
            // No repeat purchase of positive value: no spend model, so no expected value and no CLV.
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The Gamma-Gamma model needs customers with repeat purchases of positive value: " + ex.Message, ex);
        }

        try
        {
            if (request.Model == LifetimeModel.ParetoNbd)
            {
                var fit = ParetoNbdModel.Fit(summary, cancellationToken: cancellationToken);
                timings.Add(("Pareto/NBD fit", watch.Elapsed));
                var p = fit.Parameters;
                return Predict(summary, fit.Parameters, spend?.Parameters, request, unit,
                    [new("r", p.R), new("alpha", p.Alpha), new("s", p.S), new("beta", p.Beta)],
                    fit.LogLikelihood, fit.Converged, fit.Customers, cancellationToken) with { Timings = timings, Spend = spend?.Parameters };
            }

            var bgnbd = BgNbdModel.Fit(summary, cancellationToken: cancellationToken);
            timings.Add(("BG/NBD fit", watch.Elapsed));
            if (request.Model == LifetimeModel.GammaGamma)
            {
                var g = spend!.Parameters;
                return Predict(summary, bgnbd.Parameters, g, request, unit,
                    [new("p", g.P), new("q", g.Q), new("gamma", g.Gamma)],
                    spend.LogLikelihood, spend.Converged, spend.Customers, cancellationToken) with { Timings = timings, Spend = spend?.Parameters };
            }

            var b = bgnbd.Parameters;
            return Predict(summary, b, spend?.Parameters, request, unit,
                [new("r", b.R), new("alpha", b.Alpha), new("a", b.A), new("b", b.B)],
                bgnbd.LogLikelihood, bgnbd.Converged, bgnbd.Customers, cancellationToken) with { Timings = timings, Spend = spend?.Parameters };
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The purchase model cannot be fitted on this history: " + ex.Message, ex);
        }
    }

    private static LifetimeResult Predict<TModel>(
        CalibrationSummary summary,
        TModel model,
        GammaGammaParameters? spend,
        LifetimeValueRequest request,
        TimeUnit unit,
        ModelParameter[] parameters,
        double logLikelihood,
        bool converged,
        int fitCustomers,
        CancellationToken cancellationToken)
        where TModel : IPurchaseModel
    {
        var n = summary.Count;
        var alive = new double[n];
        var expected = new double[n];
        var value = spend is null ? null : new double[n];
        var clv = spend is null ? null : new double[n];
        var horizon = request.Horizon;
        var discount = request.MonthlyDiscountRate;
        var unitsPerMonth = unit.PerMonth();
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // Both purchase models predict E[Y(t) | x, t_x, T] = g(t; x, T) · P(alive | x, t_x, T) (the engine's formulas end in
        // "· P(alive)"), and customers share (x, T) far more often than (x, t_x, T): T is a whole number of days since the
        // first purchase. So g, and its discounted sum for the CLV, are computed once per distinct (x, T), at a reference
        // t_x (= T, a customer who just bought, whose P(alive) is far from 0), and only P(alive) per customer.
        var slots = new Dictionary<(int X, double T), int>();
        var slotOf = new int[n];
        var slotX = new List<int>();
        var slotT = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var key = (summary.X[i], summary.T[i]);
            if (!slots.TryGetValue(key, out var slot))
            {
                slot = slots.Count;
                slots.Add(key, slot);
                slotX.Add(key.Item1);
                slotT.Add(key.Item2);
            }

            slotOf[i] = slot;
        }

        var perAlive = new double[slots.Count];
        var perAliveDiscounted = new double[slots.Count];
        Parallel.For(0, ChunkCount(slots.Count), options, c =>
        {
            for (var k = c * Chunk; k < Math.Min(slots.Count, (c + 1) * Chunk); k++)
            {
                var x = slotX[k];
                var t = slotT[k];
                var tx = x == 0 ? 0 : t;
                var reference = model.ProbabilityAlive(x, tx, t);
                perAlive[k] = model.ConditionalExpectedPurchases(horizon, x, tx, t) / reference;
                perAliveDiscounted[k] = discount == 0 ? perAlive[k] : DiscountedPurchases(model, x, tx, t, horizon, discount, unitsPerMonth) / reference;
            }
        });

        Parallel.For(0, ChunkCount(n), options, c =>
        {
            for (var i = c * Chunk; i < Math.Min(n, (c + 1) * Chunk); i++)
            {
                int x = summary.X[i];
                double tx = summary.Tx[i], t = summary.T[i];
                var slot = slotOf[i];
                var p = model.ProbabilityAlive(x, tx, t);
                alive[i] = p;
                var shared = double.IsFinite(perAlive[slot]) && double.IsFinite(perAliveDiscounted[slot]);
                expected[i] = shared ? p * perAlive[slot] : model.ConditionalExpectedPurchases(horizon, x, tx, t);
                if (spend is { } g)
                {
                    var z = g.ConditionalExpectedAverageValue(x, summary.Zbar[i]);
                    value![i] = z;
                    clv![i] = discount == 0 ? z * expected[i]
                        : z * (shared ? p * perAliveDiscounted[slot] : DiscountedPurchases(model, x, tx, t, horizon, discount, unitsPerMonth));
                }
            }
        });

        return new LifetimeResult(summary, parameters, logLikelihood, converged, fitCustomers, alive, expected, value, clv);
    }

    private static ModelFit<GammaGammaParameters> FitSpendOnSample(CalibrationSummary summary, int sample, CancellationToken cancellationToken)
    {
        var eligible = 0;
        for (var i = 0; i < summary.Count; i++)
        {
            eligible += summary.X[i] > 0 && summary.Zbar[i] > 0 ? 1 : 0;
        }

        var step = Math.Max(1, (eligible + sample - 1) / Math.Max(1, sample));
        var x = new List<int>();
        var zbar = new List<double>();
        for (int i = 0, seen = 0; i < summary.Count; i++)
        {
            if (summary.X[i] > 0 && summary.Zbar[i] > 0 && seen++ % step == 0)
            {
                x.Add(summary.X[i]);
                zbar.Add(summary.Zbar[i]);
            }
        }

        return GammaGammaModel.Fit([.. x], [.. zbar], cancellationToken: cancellationToken);
    }

    private static int ChunkCount(int count) => (count + Chunk - 1) / Chunk;

    /// <summary>Expected purchases in the horizon, each step of one time unit discounted to the calibration end.</summary>
    private static double DiscountedPurchases<TModel>(TModel model, int x, double tx, double t, double horizon, double discount, double unitsPerMonth)
        where TModel : IPurchaseModel
    {
        var sum = 0.0;
        var previous = 0.0;
        var steps = (int)Math.Ceiling(horizon);
        for (var k = 1; k <= steps; k++)
        {
            var at = Math.Min(k, horizon);
            var cumulative = model.ConditionalExpectedPurchases(at, x, tx, t);
            sum += (cumulative - previous) / Math.Pow(1 + discount, at / unitsPerMonth);
            previous = cumulative;
        }

        return sum;
    }
}
