using System.Text.Json;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Associations;
using Crm.Analytics.Engine.Value;
using Crm.Analytics.Features.CustomerValue;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Analytics.Features.Recompute;

/// <summary>
/// A full recompute: reads the purchase history up to the as-of date through the Sales contract, runs the engine (RFM,
/// tiers by spend and profit, BG/NBD + Gamma-Gamma, purchase cycles, association rules) and replaces, in one transaction,
/// the current figures of every customer, the snapshot of the as-of date's quarter, the stored rules and the model that
/// real-time updates score with.
/// </summary>
internal sealed class ValueRecompute(
    IDbContextFactory<CrmDbContext> contextFactory,
    ISalesHistory sales,
    ICustomerFacts customers,
    IServiceEffort serviceEffort,
    IOptions<CustomerValueOptions> options,
    TimeProvider clock)
{
    /// <summary>JSON of the stored model; a whale curve of zero total profit has infinite shares, kept as "Infinity".</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<(int Customers, int Rules)> RunAsync(
        long runId, DateOnly asOf, IProgress<AnalyticsProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var settings = options.Value;
        var thresholds = new TierThresholds(settings.PlatinumTop, settings.GoldTop, settings.SilverTop);
        thresholds.Validate();
        var log = await PurchaseLog.ReadAsync(sales, asOf, progress, cancellationToken);
        progress.Report(new AnalyticsProgress("Scoring RFM, tiers, lifetime value and cycles", 0, null));
        var costToServe = new CostToServe((double)settings.CostPerInteraction, (double)settings.CostPerCase);
        var profile = await CustomerValueProfile.ComputeAsync(log, asOf, customers, serviceEffort, costToServe, thresholds, cancellationToken);

        progress.Report(new AnalyticsProgress("Mining product associations", 0, null));
        var rules = await MineRulesAsync(settings, progress, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var values = CurrentFigures(log, profile, settings, now);
        var snapshot = Snapshot(log, profile, values, thresholds, runId, now);
        var model = Model(runId, log, profile, values, settings, thresholds, now);
        EnsureFinite(values);
        EnsureFinite(snapshot.Rows);
        EnsureFinite(rules);
        await StoreAsync(values, snapshot, model, rules, progress, cancellationToken);
        return (values.Length, rules.Count);
    }

    /// <summary>Fails with the first non-finite figure named (a model that diverged must not be stored as numbers).</summary>
    private static void EnsureFinite<T>(IEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties().Where(p => p.PropertyType == typeof(double) || p.PropertyType == typeof(double?)).ToArray();
        foreach (var row in rows)
        {
            foreach (var property in properties)
            {
                if (property.GetValue(row) is double value && !double.IsFinite(value))
                {
                    throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is {value} for {row}.");
                }
            }
        }
    }

    private async Task<List<StoredAssociationRule>> MineRulesAsync(
        CustomerValueOptions settings, IProgress<AnalyticsProgress> progress, CancellationToken cancellationToken)
    {
        var transactions = await Baskets.ReadAsync(sales, progress, cancellationToken);
        if (transactions.Count == 0)
        {
            return [];
        }

        var itemsets = FpGrowth.FindFrequentItemsets(transactions, settings.MinSupport, settings.MaxRuleLength, cancellationToken);
        var set = AssociationRules.Generate(itemsets, settings.MinConfidence, cancellationToken);
        var rules = new List<StoredAssociationRule>(Math.Min(set.Count, settings.MaxStoredRules));
        foreach (var r in set.OrderByLift().Take(settings.MaxStoredRules))
        {
            var codes = new List<string>();
            foreach (var item in set.Antecedent(r))
            {
                codes.Add(set.ItemNames[item]);
            }

            rules.Add(new StoredAssociationRule
            {
                Antecedent = StoredAssociationRule.Key(codes),
                AntecedentSize = codes.Count,
                Consequent = set.ItemNames[set.Consequents[r]],
                Support = set.Support(r),
                SupportCount = set.SupportCounts[r],
                Confidence = set.Confidence[r],
                Lift = set.Lift[r],
            });
        }

        return rules;
    }

    private static CustomerValueRecord[] CurrentFigures(PurchaseLog log, CustomerValueProfile profile, CustomerValueOptions settings, DateTime now)
    {
        var n = log.CustomerCount;
        var first = FirstPurchaseDays(log);
        var rfm = profile.Rfm;
        var value = profile.Value;
        var records = new CustomerValueRecord[n];
        for (var i = 0; i < n; i++)
        {
            var serviceCost = (profile.Interactions.Length == n ? profile.Interactions[i] * settings.CostPerInteraction : 0m)
                + (profile.Cases.Length == n ? profile.Cases[i] * settings.CostPerCase : 0m);
            records[i] = new CustomerValueRecord
            {
                CustomerId = log.CustomerIds[i],
                AsOf = profile.AsOf,
                FirstPurchaseOn = DateOnly.FromDayNumber(first[i]),
                LastPurchaseOn = DateOnly.FromDayNumber(log.LastDay[i]),
                RecencyDays = rfm.RecencyDays[i],
                Frequency = rfm.Frequency[i],
                Monetary = log.Revenue[i],
                Profit = log.CostKnown[i] ? log.Revenue[i] - log.Cost[i] - serviceCost : null,
                ServiceCost = serviceCost,
                RecencyScore = rfm.RecencyScore[i],
                FrequencyScore = rfm.FrequencyScore[i],
                MonetaryScore = rfm.MonetaryScore[i],
                Segment = RfmSegments.DisplayName(rfm.Segment[i]),
                SpendTier = (byte)value.BySpend.Tiers[i],
                ProfitTier = value.ProfitTierOf(i) is { } profitTier ? (byte)profitTier : null,
                UpdatedAtUtc = now,
            };
        }

        if (profile.Lifetime is { } lifetime)
        {
            var summary = lifetime.Summary;
            for (var j = 0; j < summary.Count; j++)
            {
                var record = records[summary.CustomerIds[j]];
                record.RepeatPurchases = summary.X[j];
                record.ProbabilityAlive = lifetime.ProbabilityAlive[j];
                record.ExpectedPurchases = lifetime.ExpectedPurchases[j];
                record.ExpectedOrderValue = lifetime.ExpectedValue?[j];
                record.Clv = lifetime.Clv?[j];
            }
        }

        foreach (var cycle in profile.Cycles)
        {
            var record = records[cycle.CustomerId];
            record.UsualIntervalDays = cycle.TypicalIntervalDays;
            record.NextPurchaseOn = cycle.ExpectedNextPurchase;
            record.DueOn = DueOn(cycle.LastPurchase, cycle.TypicalIntervalDays);
        }

        return records;
    }

    /// <summary>The first day on which a customer counts as due: days since the last purchase exceed 1.5 usual intervals.</summary>
    internal static DateOnly DueOn(DateOnly lastPurchase, double intervalDays) =>
        lastPurchase.AddDays((int)Math.Floor(Engine.Cycles.PurchaseCycleAnalyzer.DefaultDueFactor * intervalDays) + 1);

    private static int[] FirstPurchaseDays(PurchaseLog log)
    {
        var first = new int[log.CustomerCount];
        Array.Fill(first, int.MaxValue);
        for (var k = 0; k < log.OrderCount; k++)
        {
            var c = log.OrderCustomer[k];
            first[c] = Math.Min(first[c], log.OrderDay[k]);
        }

        return first;
    }

    private static (ValueSnapshot Header, ValueSnapshotCustomer[] Rows) Snapshot(
        PurchaseLog log, CustomerValueProfile profile, CustomerValueRecord[] values, TierThresholds thresholds, long runId, DateTime now)
    {
        var period = ValueSnapshot.PeriodOf(profile.AsOf);
        var start = ValueSnapshot.PeriodStart(profile.AsOf).DayNumber;
        var periodSpend = new decimal[log.CustomerCount];
        for (var k = 0; k < log.OrderCount; k++)
        {
            if (log.OrderDay[k] >= start)
            {
                periodSpend[log.OrderCustomer[k]] += (decimal)log.OrderAmount[k];
            }
        }

        // Tiers within the quarter rank only the customers who bought in it.
        var buyers = Enumerable.Range(0, log.CustomerCount).Where(i => log.LastDay[i] >= start).ToArray();
        var ranking = ValueTiers.Rank(buyers.Select(i => (double)periodSpend[i]).ToArray(), thresholds, CancellationToken.None);
        var periodTier = new byte[log.CustomerCount];
        for (var b = 0; b < buyers.Length; b++)
        {
            periodTier[buyers[b]] = (byte)ranking.Tiers[b];
        }

        var rows = new ValueSnapshotCustomer[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            rows[i] = new ValueSnapshotCustomer
            {
                Period = period,
                CustomerId = v.CustomerId,
                RecencyScore = v.RecencyScore,
                FrequencyScore = v.FrequencyScore,
                MonetaryScore = v.MonetaryScore,
                Segment = v.Segment,
                Monetary = v.Monetary,
                Frequency = v.Frequency,
                Profit = v.Profit,
                SpendTier = v.SpendTier,
                ProfitTier = v.ProfitTier,
                PeriodSpend = decimal.Round(periodSpend[i], 4),
                PeriodTier = periodTier[i],
                Clv = v.Clv,
                ProbabilityAlive = v.ProbabilityAlive,
            };
        }

        var header = new ValueSnapshot
        {
            Period = period,
            AsOf = profile.AsOf,
            RunId = runId,
            Customers = values.Length,
            Revenue = values.Sum(v => v.Monetary),
            PeriodBuyers = buyers.Length,
            PeriodRevenue = decimal.Round(periodSpend.Sum(), 4),
            CreatedAtUtc = now,
        };
        return (header, rows);
    }

    private static ValueModel Model(
        long runId, PurchaseLog log, CustomerValueProfile profile, CustomerValueRecord[] values, CustomerValueOptions settings,
        TierThresholds thresholds, DateTime now)
    {
        var parameters = profile.Lifetime?.Parameters.ToDictionary(p => p.Name, p => p.Value) ?? [];
        double? P(string name) => parameters.TryGetValue(name, out var v) ? v : null;
        var spend = profile.Value.BySpend;
        var floors = new TierFloorSet(
            TierFloors.From(spend, thresholds),
            profile.Value.ByProfit is { } byProfit ? TierFloors.From(byProfit, thresholds) : null);
        return new ValueModel
        {
            Id = runId,
            AsOf = profile.AsOf,
            CreatedAtUtc = now,
            Customers = values.Length,
            Revenue = values.Sum(v => v.Monetary),
            Profit = log.CustomersWithCost > 0 ? values.Sum(v => v.Profit ?? 0m) : null,
            PurchaseOrders = log.OrderCount,
            BgR = P("r"),
            BgAlpha = P("alpha"),
            BgA = P("a"),
            BgB = P("b"),
            GgP = profile.Lifetime?.Spend?.P,
            GgQ = profile.Lifetime?.Spend?.Q,
            GgGamma = profile.Lifetime?.Spend?.Gamma,
            ScoreBoundsJson = JsonSerializer.Serialize(ScoreBounds.From(profile.Rfm), Json),
            TierFloorsJson = JsonSerializer.Serialize(floors, Json),
            WhaleCurveJson = JsonSerializer.Serialize(StoredWhaleCurve.From(profile.Value.WhaleCurve), Json),
            CostPerInteraction = settings.CostPerInteraction,
            CostPerCase = settings.CostPerCase,
        };
    }

    private async Task StoreAsync(
        CustomerValueRecord[] values, (ValueSnapshot Header, ValueSnapshotCustomer[] Rows) snapshot, ValueModel model,
        List<StoredAssociationRule> rules, IProgress<AnalyticsProgress> progress, CancellationToken cancellationToken)
    {
        var total = values.Length + snapshot.Rows.Length + rules.Count;
        var written = 0L;
        void Written(int count)
        {
            written += count;
            if (written % 50_000 < count || written == total)
            {
                progress.Report(new AnalyticsProgress("Saving figures", written, total));
            }
        }

        progress.Report(new AnalyticsProgress("Saving figures", 0, total));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // One transaction: the previous figures stay visible until the new ones replace them as a whole.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<CustomerValueRecord>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<StoredAssociationRule>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<ValueSnapshotCustomer>().Where(s => s.Period == snapshot.Header.Period).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ValueSnapshot>().Where(s => s.Period == snapshot.Header.Period).ExecuteDeleteAsync(cancellationToken);
        await using (var writer = BulkWriter.Join(db))
        {
            foreach (var value in values)
            {
                await writer.WriteAsync(value, includeKey: true, cancellationToken);
                Written(1);
            }

            foreach (var row in snapshot.Rows)
            {
                await writer.WriteAsync(row, includeKey: true, cancellationToken);
                Written(1);
            }

            foreach (var rule in rules)
            {
                await writer.WriteAsync(rule, includeKey: false, cancellationToken);
                Written(1);
            }

            await writer.WriteAsync(snapshot.Header, includeKey: true, cancellationToken);
            await writer.WriteAsync(model, includeKey: true, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
