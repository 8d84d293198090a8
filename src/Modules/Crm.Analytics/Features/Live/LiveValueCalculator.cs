using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Cycles;
using Crm.Analytics.Engine.Lifetime;
using Crm.Analytics.Engine.Value;
using Crm.Analytics.Features.Recompute;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Live;

/// <summary>
/// Recomputes one customer's figures from their purchase orders, as of today, with the current model (the last
/// recompute's quintile bounds, tier floors and lifetime parameters) — the engine's own functions on a one-customer
/// input, so a customer scores exactly as the recompute would score the same history.
/// </summary>
internal sealed class LiveValueCalculator(
    IDbContextFactory<CrmDbContext> contextFactory, ISalesHistory sales, CurrentValueModel currentModel, TimeProvider clock)
{
    /// <summary>Horizon of expected purchases and CLV, as in the recompute (52 weeks).</summary>
    private const double HorizonWeeks = 52;

    /// <summary>Rewrites the customer's row; false when there is no model yet (nothing was ever recomputed).</summary>
    public async Task<bool> UpdateAsync(long customerId, CancellationToken cancellationToken)
    {
        var model = await currentModel.GetAsync(cancellationToken);
        if (model is null)
        {
            return false;
        }

        var purchases = await sales.PurchasesOfCustomerAsync(customerId, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<CustomerValueRecord>().FindAsync([customerId], cancellationToken);
        if (purchases.Count == 0)
        {
            if (record is not null)
            {
                db.Remove(record);
                await db.SaveChangesAsync(cancellationToken);
            }

            return true;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var asOf = purchases[^1].OrderedAtUtc is var last && DateOnly.FromDateTime(last) > today ? DateOnly.FromDateTime(last) : today;
        if (record is null)
        {
            record = new CustomerValueRecord { CustomerId = customerId };
            db.Add(record);
        }

        Compute(record, purchases, asOf, model);
        record.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        record.UpdatedLive = true;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    internal static void Compute(CustomerValueRecord record, IReadOnlyList<CustomerPurchase> purchases, DateOnly asOf, LoadedValueModel model)
    {
        var days = new int[purchases.Count];
        var amounts = new double[purchases.Count];
        var revenue = 0m;
        decimal? cost = 0m;
        for (var k = 0; k < purchases.Count; k++)
        {
            days[k] = DateOnly.FromDateTime(purchases[k].OrderedAtUtc).DayNumber;
            amounts[k] = (double)purchases[k].PurchaseAmount;
            revenue += purchases[k].PurchaseAmount;
            cost = cost is { } c && purchases[k].PurchaseCost is { } pc ? c + pc : null;
        }

        var first = days.Min();
        var lastDay = days.Max();
        record.AsOf = asOf;
        record.FirstPurchaseOn = DateOnly.FromDayNumber(first);
        record.LastPurchaseOn = DateOnly.FromDayNumber(lastDay);
        record.RecencyDays = asOf.DayNumber - lastDay;
        record.Frequency = purchases.Count;
        record.Monetary = revenue;
        // Profit as the recompute knows it: only when it could rank profit (every cost of goods known) and this customer's are.
        record.Profit = cost is { } goods && model.Floors.Profit is not null ? revenue - goods - record.ServiceCost : null;
        record.RecencyScore = model.Bounds.Recency(record.RecencyDays);
        record.FrequencyScore = model.Bounds.Frequency(record.Frequency);
        record.MonetaryScore = model.Bounds.Monetary((double)revenue);
        record.Segment = RfmSegments.DisplayName(RfmSegments.Of(record.RecencyScore, record.FrequencyScore));
        record.SpendTier = (byte)model.Floors.Spend.TierOf((double)revenue);
        record.ProfitTier = record.Profit is { } profit && model.Floors.Profit is { } floors ? (byte)floors.TierOf((double)profit) : null;

        // One customer through the engine: purchase days (same-day merged), calibration summary, cycle.
        var grouped = PurchaseDays.Group(new int[days.Length], days, amounts, asOf.DayNumber, CancellationToken.None);
        var summary = TransactionSummarizer.Summarize(grouped, asOf, TimeUnit.Week);
        record.RepeatPurchases = summary.X[0];
        if (model.Purchases is { } bg)
        {
            record.ProbabilityAlive = BgNbdModel.ProbabilityAlive(bg, summary)[0];
            record.ExpectedPurchases = BgNbdModel.ConditionalExpectedPurchases(bg, summary, HorizonWeeks)[0];
            record.ExpectedOrderValue = model.Spend is { } gg ? GammaGammaModel.ConditionalExpectedAverageValue(gg, summary)[0] : null;
            record.Clv = record.ExpectedOrderValue * record.ExpectedPurchases;
        }

        var cycles = PurchaseCycleAnalyzer.Analyze(grouped);
        if (cycles.Length == 1)
        {
            record.UsualIntervalDays = cycles[0].TypicalIntervalDays;
            record.NextPurchaseOn = cycles[0].ExpectedNextPurchase;
            record.DueOn = ValueRecompute.DueOn(cycles[0].LastPurchase, cycles[0].TypicalIntervalDays);
        }
        else
        {
            record.UsualIntervalDays = null;
            record.NextPurchaseOn = null;
            record.DueOn = null;
        }
    }
}
