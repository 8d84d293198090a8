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
/// entries, from Contacts) - cases x <see cref="CostToServe.PerCase"/> (service cases opened up to the as-of date, from the
/// Service module through <see cref="IServiceEffort"/>); with the default <see cref="CostToServe.None"/> profit tiers rank gross margin.
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

    /// <summary>Service cases per customer counted into the cost to serve (all 0 when it has no per-case rate or no service effort source).</summary>
    public int[] Cases { get; private init; } = [];

    public DueCustomer[] Due { get; }

    /// <summary>How long each stage took (for benchmarks and logs).</summary>
    public List<(string Stage, TimeSpan Elapsed)> Timings { get; } = [];

    public static async Task<CustomerValueProfile> ComputeAsync(
        PurchaseLog log, DateOnly asOf, ICustomerFacts facts, IServiceEffort? effort, CostToServe costToServe, TierThresholds? thresholds,
        CancellationToken cancellationToken)
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

        // Interactions (Contacts) and cases (Service) up to the end of the as-of day, each charged at its rate.
        var before = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var interactions = new int[n];
        if (log.CustomersWithCost > 0 && costToServe.PerInteraction != 0)
        {
            await JoinCountsAsync(
                log.CustomerIds, interactions,
                facts.StreamInteractionCountsAsync(null, before, cancellationToken).Select(c => (c.CustomerId, c.Interactions)),
                cancellationToken);
        }

        var cases = new int[n];
        if (log.CustomersWithCost > 0 && costToServe.PerCase != 0 && effort is not null)
        {
            await JoinCountsAsync(
                log.CustomerIds, cases,
                effort.StreamCaseCountsAsync(null, before, cancellationToken).Select(c => (c.CustomerId, c.Cases)),
                cancellationToken);
        }

        Lap("RFM");
        var value = Engine.Value.CustomerValue.Analyze(
            revenue, cost, interactions, cases, costToServe, thresholds ?? TierThresholds.Default, 101, cancellationToken);
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
        var profile = new CustomerValueProfile(asOf, log.CustomerIds, rfm, value, lifetime, cycles, due) { Interactions = interactions, Cases = cases };
        profile.Timings.AddRange(timings);
        return profile;
    }

    /// <summary>Puts each streamed (customer id, count), ordered by id, at the customer's index in <paramref name="customerIds"/> (ascending).</summary>
    private static async Task JoinCountsAsync(
        long[] customerIds, int[] counts, IAsyncEnumerable<(long CustomerId, int Count)> stream, CancellationToken cancellationToken)
    {
        var i = 0;
        await foreach (var (customerId, count) in stream.WithCancellation(cancellationToken))
        {
            while (i < customerIds.Length && customerIds[i] < customerId)
            {
                i++;
            }

            if (i < customerIds.Length && customerIds[i] == customerId)
            {
                counts[i] = count;
            }
        }
    }
}
