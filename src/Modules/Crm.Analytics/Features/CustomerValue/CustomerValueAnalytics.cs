using Crm.Analytics.Contracts;
using Crm.Analytics.Engine.Associations;
using Crm.Analytics.Engine.Lifetime;
using Crm.Analytics.Engine.Value;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>
/// The <see cref="ICustomerValueAnalytics"/> contract: loads the sales history through the Sales and Contacts contracts
/// into the engine's arrays and runs the engine (RFM, tiers, lifetime models, associations). The service effort is
/// optional: without it (a host without the Service module) cases count as none in a profile's cost to serve.
/// </summary>
internal sealed class CustomerValueAnalytics(
    ISalesHistory sales, ICustomerFacts customers, ICurrentUser currentUser, IServiceEffort? serviceEffort = null) : ICustomerValueAnalytics
{
    public async Task<RfmReport> RfmAsync(DateOnly asOf, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        EnsureAccess();
        var log = await PurchaseLog.ReadAsync(sales, asOf, progress, cancellationToken);
        progress?.Report(new AnalyticsProgress("Scoring", 0, log.CustomerCount));
        var rfm = Rfm.Score(log.LastDay, log.Orders, ToDoubles(log.Revenue), asOf.DayNumber, cancellationToken);
        var tiers = ValueTiers.Rank(rfm.Monetary, TierThresholds.Default, cancellationToken);
        var names = await CustomerNames.ResolveAsync(customers, log.CustomerIds, cancellationToken);

        var segmentCustomers = new int[RfmSegments.Count];
        var segmentRevenue = new decimal[RfmSegments.Count];
        var tierCustomers = new int[5];
        var tierRevenue = new decimal[5];
        var rows = new RfmCustomerRow[log.CustomerCount];
        var total = 0m;
        for (var i = 0; i < rows.Length; i++)
        {
            var segment = rfm.Segment[i];
            var tier = tiers.Tiers[i];
            var revenue = log.Revenue[i];
            total += revenue;
            segmentCustomers[(int)segment]++;
            segmentRevenue[(int)segment] += revenue;
            tierCustomers[(int)tier]++;
            tierRevenue[(int)tier] += revenue;
            rows[i] = new RfmCustomerRow(
                log.CustomerIds[i], names[i], rfm.RecencyDays[i], rfm.Frequency[i], revenue,
                rfm.RecencyScore[i], rfm.FrequencyScore[i], rfm.MonetaryScore[i], RfmSegments.DisplayName(segment), tier.ToString());
        }

        var segments = Enum.GetValues<RfmSegment>()
            .Select(s => new GroupTotal(RfmSegments.DisplayName(s), segmentCustomers[(int)s], segmentRevenue[(int)s]))
            .ToList();
        var tierTotals = new[] { ValueTier.Platinum, ValueTier.Gold, ValueTier.Silver, ValueTier.Bronze }
            .Select(t => new GroupTotal(t.ToString(), tierCustomers[(int)t], tierRevenue[(int)t]))
            .ToList();
        progress?.Report(new AnalyticsProgress("Scoring", log.CustomerCount, log.CustomerCount));
        return new RfmReport(asOf, rows.Length, total, segments, tierTotals, rows);
    }

    public async Task<LifetimeValueReport> LifetimeValueAsync(
        LifetimeValueRequest request, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureAccess();
        LifetimeValues.Validate(request);
        var log = await PurchaseLog.ReadAsync(sales, request.CalibrationEnd, progress, cancellationToken);
        progress?.Report(new AnalyticsProgress("Fitting", 0, null));
        var result = LifetimeValues.Compute(log, request, cancellationToken);
        progress?.Report(new AnalyticsProgress("Fitting", 1, 1));
        var names = await CustomerNames.ResolveAsync(customers, log.CustomerIds, cancellationToken);
        var summary = result.Summary;
        var rows = new LifetimeValueRow[summary.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var customer = summary.CustomerIds[i];
            rows[i] = new LifetimeValueRow(
                log.CustomerIds[customer], names[customer], summary.X[i], summary.Tx[i], summary.T[i], result.ProbabilityAlive[i],
                result.ExpectedPurchases[i], result.ExpectedValue?[i], result.Clv?[i]);
        }

        return new LifetimeValueReport(
            request.Model, request.TimeUnit, request.CalibrationEnd, request.Horizon, result.FitCustomers, result.Parameters,
            result.LogLikelihood, result.Converged, rows);
    }

    public async Task<AssociationReport> AssociationsAsync(
        AssociationRequest request, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureAccess();
        Baskets.Validate(request);
        var transactions = await Baskets.ReadAsync(sales, progress, cancellationToken);
        progress?.Report(new AnalyticsProgress("Mining", 0, null));
        var itemsets = FpGrowth.FindFrequentItemsets(transactions, request.MinSupport, request.MaxLength, cancellationToken);
        var rules = AssociationRules.Generate(itemsets, request.MinConfidence, cancellationToken);
        var order = rules.OrderByLift();
        var rows = new AssociationRuleRow[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var r = order[k];
            var antecedent = new List<string>();
            foreach (var item in rules.Antecedent(r))
            {
                antecedent.Add(rules.ItemNames[item]);
            }

            antecedent.Sort(StringComparer.Ordinal);
            rows[k] = new AssociationRuleRow(antecedent, [rules.ItemNames[rules.Consequents[r]]], rules.Support(r), rules.Confidence[r], rules.Lift[r]);
        }

        progress?.Report(new AnalyticsProgress("Mining", 1, 1));
        return new AssociationReport(
            transactions.Count, transactions.ItemCount, itemsets.Count, rules.Count, rows.Take(Math.Max(0, request.Top)).ToList(), rows);
    }

    /// <summary>
    /// Everything the customer-value dashboards need in one read of the history up to <paramref name="asOf"/>: RFM, tiers by
    /// spend and by profit (over the customers whose costs of goods are known), BG/NBD + Gamma-Gamma lifetime figures with the calibration
    /// ending on the as-of date, and purchase cycles with the customers due to buy again.
    /// </summary>
    public async Task<CustomerValueProfile> ProfileAsync(
        DateOnly asOf, CostToServe? costToServe = null, IProgress<AnalyticsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        EnsureAccess();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var log = await PurchaseLog.ReadAsync(sales, asOf, progress, cancellationToken);
        var read = watch.Elapsed;
        var profile = await CustomerValueProfile.ComputeAsync(log, asOf, customers, serviceEffort, costToServe ?? CostToServe.None, null, cancellationToken);
        profile.Timings.Insert(0, ("read purchase orders", read));
        return profile;
    }

    private void EnsureAccess()
    {
        if (!currentUser.IsInRole(CrmRoles.Admin) && !currentUser.IsInRole(CrmRoles.Manager))
        {
            throw new ForbiddenException("Only Managers and Admins see the customer-value analytics.");
        }
    }

    internal static double[] ToDoubles(decimal[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (double)values[i];
        }

        return result;
    }
}
