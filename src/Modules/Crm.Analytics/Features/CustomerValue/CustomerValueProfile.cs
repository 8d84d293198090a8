using Crm.Analytics.Contracts;
using Crm.Analytics.Engine.Cycles;
using Crm.Analytics.Engine.Lifetime;
using Crm.Analytics.Engine.Value;
using Crm.Contacts.Contracts;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>
/// RFM, value tiers (by spend; by profit over the customers whose every order's cost of goods is known), BG/NBD + Gamma-Gamma lifetime figures
/// (52-week horizon, undiscounted; Gamma-Gamma fitted on at most <see cref="SpendSample"/> repeat buyers) and purchase cycles of every customer who bought on or before the as-of date, all from
/// one <see cref="PurchaseLog"/>. Customer <c>i</c> is <see cref="CustomerIds"/>[i] in every per-customer array except
/// <see cref="Cycles"/> and <see cref="Due"/>, which name customers by that index.
/// </summary>
/// <remarks>
/// Profit = revenue - cost of goods - interactions x <see cref="CostToServe.PerInteraction"/> (interactions other than order
/// entries, from Contacts); service cases are counted as 0 until the Service module reports them, so with the default
/// <see cref="CostToServe.None"/> profit tiers rank gross margin.
/// </remarks>
internal sealed class CustomerValueProfile
{
    /// <summary>Repeat buyers the profile's Gamma-Gamma fit uses at most (see <see cref="LifetimeValues.Compute(Engine.Lifetime.PurchaseDays, LifetimeValueRequest, int?, CancellationToken)"/>).</summary>
    public const int SpendSample = 100_000;

    private CustomerValueProfile(
        DateOnly asOf, long[] customerIds, RfmResult rfm, CustomerValueAnalysis value, LifetimeResult? lifetime, PurchaseCycle[] cycles, DueCustomer[] due)
    {
        AsOf = asOf;
        CustomerIds = customerIds;
        Rfm = rfm;
        Value = value;
        Lifetime = lifetime;
        Cycles = cycles;
        Due = due;
    }

    public DateOnly AsOf { get; }

    public long[] CustomerIds { get; }

    public RfmResult Rfm { get; }

    public CustomerValueAnalysis Value { get; }

    /// <summary>Null when nobody bought twice (the purchase model is not identified then).</summary>
    public LifetimeResult? Lifetime { get; }

    public PurchaseCycle[] Cycles { get; }

    /// <summary>Interactions per customer counted into the cost to serve (all 0 when it has no per-interaction rate).</summary>
    public int[] Interactions { get; private init; } = [];

    public DueCustomer[] Due { get; }

    /// <summary>How long each stage took (for benchmarks and logs).</summary>
    public List<(string Stage, TimeSpan Elapsed)> Timings { get; } = [];

    public static async Task<CustomerValueProfile> ComputeAsync(
        PurchaseLog log, DateOnly asOf, ICustomerFacts facts, CostToServe costToServe, TierThresholds? thresholds, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var timings = new List<(string, TimeSpan)>();
        void Lap(string stage)
        {
            timings.Add((stage, watch.Elapsed));
            watch.Restart();
        }

        var revenue = CustomerValueAnalytics.ToDoubles(log.Revenue);
        var rfm = Engine.Value.Rfm.Score(log.LastDay, log.Orders, revenue, asOf.DayNumber, cancellationToken);

        var n = log.CustomerCount;
        // NaN marks a customer whose cost of goods is unknown: the engine leaves them out of the ranking by profit.
        var cost = log.CustomersWithCost == 0 ? [] : CustomerValueAnalytics.ToDoubles(log.Cost);
        for (var c = 0; c < cost.Length; c++)
        {
            if (!log.CostKnown[c])
            {
                cost[c] = double.NaN;
            }
        }

        var interactions = new int[n];
        if (log.CustomersWithCost > 0 && costToServe.PerInteraction != 0)
        {
            var i = 0;
            await foreach (var count in facts.StreamInteractionCountsAsync(null, asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken)
                .WithCancellation(cancellationToken))
            {
                while (i < n && log.CustomerIds[i] < count.CustomerId)
                {
                    i++;
                }

                if (i < n && log.CustomerIds[i] == count.CustomerId)
                {
                    interactions[i] = count.Interactions;
                }
            }
        }

        Lap("RFM");
        var value = Engine.Value.CustomerValue.Analyze(
            revenue, cost, interactions, new int[n], costToServe, thresholds ?? TierThresholds.Default, 101, cancellationToken);
        Lap("tiers by spend and profit, whale curve");

        // One grouping into purchase days (same-day orders merged) serves the lifetime models and the cycles.
        var days = PurchaseDays.Group(log.OrderCustomer, log.OrderDay, log.OrderAmount, asOf.DayNumber, cancellationToken);
        Lap("purchase days");
        LifetimeResult? lifetime = null;
        try
        {
            lifetime = LifetimeValues.Compute(days, new LifetimeValueRequest(LifetimeModel.BgNbd, asOf), SpendSample, cancellationToken);
            timings.AddRange(lifetime.Timings.Select(t => ("  " + t.Stage, t.Elapsed)));
        }
        catch (InvalidOperationException)
        {
            // Nobody bought twice, or nobody at all: no lifetime figures.
        }

        Lap("BG/NBD + Gamma-Gamma fits, P(alive), expected purchases, CLV");
        var cycles = PurchaseCycleAnalyzer.Analyze(days, cancellationToken);
        var due = PurchaseCycleAnalyzer.DueToBuyAgain(cycles, asOf);
        Lap("purchase cycles, due to buy again");
        var profile = new CustomerValueProfile(asOf, log.CustomerIds, rfm, value, lifetime, cycles, due) { Interactions = interactions };
        profile.Timings.AddRange(timings);
        return profile;
    }
}
