using System.Runtime.CompilerServices;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Analytics.Features.Shared;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Tiers;

/// <summary>
/// One tier of a ranking (by spend or by profit): its customers and what they bought and earned, with the threshold in
/// use: <paramref name="TopShare"/> is the share of customers (ranked by value) that this tier and the ones above hold
/// (Platinum 0.05 = "top 5%", Bronze 1 = the rest) and <paramref name="Floor"/> the smallest value in the tier at the last
/// recompute (null when the tier was empty).
/// </summary>
internal sealed record TierRow(
    string Tier, byte TierNumber, int Customers, double CustomerShare, decimal Revenue, double? RevenueShare, decimal? Profit,
    double? ProfitShare, double TopShare, decimal? Floor);

/// <summary>Customers grouped by their tier in one ranking ("spend" or "profit"), Platinum first.</summary>
internal sealed record TierTable(string RankedBy, int Customers, decimal Revenue, decimal? Profit, IReadOnlyList<TierRow> Tiers);

/// <summary>A point of the whale curve: the top <paramref name="CustomerShare"/> of customers by profit earn <paramref name="ProfitShare"/> of total profit.</summary>
internal sealed record WhalePoint(double CustomerShare, double ProfitShare);

/// <summary>The whale curve of the last recompute: points, the share of profit of the top customers, the peak.</summary>
internal sealed record WhaleCurveFigures(
    IReadOnlyList<WhalePoint> Points, double TopCustomerShare, double TopShare, double PeakCustomerShare, double PeakProfitShare,
    decimal TotalProfit);

/// <summary>
/// The value-tier dashboard: tiers by spend and by profit over the current figures (last recompute plus real-time
/// updates), the thresholds and whale curve of the last recompute, and the cost-to-serve rates used for profit.
/// <paramref name="ByProfit"/> and <paramref name="WhaleCurve"/> are null when profit is unknown for every customer;
/// <paramref name="ProfitUnknownReason"/> says for how many customers profit is unknown and why (null when it is known for all).
/// <paramref name="CustomersWithoutProfit"/> counts them: they are left out of the tiers by profit, the whale curve and
/// the over-served list (and of <paramref name="Profit"/>, the total over the others).
/// </summary>
internal sealed record ValueTiersReport(
    DateOnly? AsOf, long? RunId, int Customers, decimal Revenue, decimal? Profit, TierTable BySpend, TierTable? ByProfit,
    WhaleCurveFigures? WhaleCurve, string? ProfitUnknownReason, string? WhaleCurveUnavailableReason, decimal? CostPerInteraction,
    decimal? CostPerCase, int CustomersWithoutProfit)
{
    public bool IsEmpty => Customers == 0;
}

/// <summary>
/// A customer whose cost to serve outweighs their profit: the gross margin (revenue − cost of goods) is not negative, yet
/// the profit after the cost to serve is.
/// </summary>
internal sealed record OverServedRow(long CustomerId, string Name, decimal Revenue, decimal GrossMargin, decimal ServiceCost, decimal Profit);

/// <summary>
/// The figures of the value-tier dashboard and its API, for Managers and Admins only. Sums and counts run in SQL
/// (GROUP BY over <c>Analytics_CustomerValues</c>); nothing subtracts one money column from another in SQL (SQLite stores
/// money as fixed-point integers): the over-served test (profit &lt; 0 and profit + cost to serve ≥ 0) is applied in memory
/// to the rows with a negative profit, which SQL selects and orders.
/// </summary>
internal sealed class ValueTiersQuery(
    IDbContextFactory<CrmDbContext> contextFactory, CurrentValueModel models, ICurrentUser currentUser, ICustomerDirectory customers)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// Why profit is unknown for <paramref name="unknown"/> of <paramref name="customers"/> customers (null when for none):
    /// profit needs the cost of goods, and each of them bought a product without a unit cost.
    /// </summary>
    public static string? ProfitUnknown(int unknown, int customers) => unknown switch
    {
        <= 0 => null,
        _ when unknown >= customers =>
            $"Profit is unknown for {(customers == 1 ? "the only customer" : $"all {customers:N0} customers")}: profit needs the cost of " +
            "goods, and every customer bought at least one product that has no unit cost. Enter the unit costs of those products " +
            "and run a recompute to see tiers by profit, the whale curve and the over-served customers.",
        _ => $"Profit is unknown for {unknown:N0} of {customers:N0} customers: they bought at least one product that has no unit " +
            "cost, so they are left out of the tiers by profit, the whale curve, the over-served list and the total profit. Enter " +
            "the unit costs of those products and run a recompute to include them.",
    };

    private static readonly byte[] TierOrder = [4, 3, 2, 1];

    public static bool MaySee(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public async Task<ValueTiersReport> LoadAsync(CancellationToken cancellationToken = default)
    {
        Demand();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var values = db.Set<CustomerValueRecord>().AsNoTracking();
        var spendGroups = (await values
            .GroupBy(v => v.SpendTier)
            .Select(g => new { Tier = g.Key, Customers = g.Count(), Revenue = g.Sum(v => v.Monetary), Profit = g.Sum(v => v.Profit) })
            .ToListAsync(cancellationToken))
            .Select(g => new TierSums(g.Tier, g.Customers, g.Revenue, g.Profit))
            .ToList();
        var profitGroups = (await values
            .Where(v => v.ProfitTier != null)
            .GroupBy(v => v.ProfitTier!.Value)
            .Select(g => new { Tier = g.Key, Customers = g.Count(), Revenue = g.Sum(v => v.Monetary), Profit = g.Sum(v => v.Profit) })
            .ToListAsync(cancellationToken))
            .Select(g => new TierSums(g.Tier, g.Customers, g.Revenue, g.Profit))
            .ToList();
        var model = await models.GetAsync(cancellationToken);

        var customerCount = spendGroups.Sum(g => g.Customers);
        var revenue = spendGroups.Sum(g => g.Revenue);
        var profitKnown = profitGroups.Count > 0;
        var profit = profitKnown ? profitGroups.Sum(g => g.Profit ?? 0m) : (decimal?)null;
        var withoutProfit = customerCount - profitGroups.Sum(g => g.Customers);
        var unknownReason = ProfitUnknown(withoutProfit, customerCount);
        var bySpend = Table("spend", spendGroups, customerCount, revenue, profit, model?.Floors.Spend);
        var byProfit = profitKnown ? Table("profit", profitGroups, profitGroups.Sum(g => g.Customers), profitGroups.Sum(g => g.Revenue), profit, model?.Floors.Profit) : null;
        var (whale, whaleReason) = Whale(model, profitKnown, unknownReason);
        return new ValueTiersReport(
            model?.AsOf, model?.RunId, customerCount, revenue, profit, bySpend, byProfit, whale,
            unknownReason, whaleReason, model?.Row.CostPerInteraction, model?.Row.CostPerCase, withoutProfit);
    }

    /// <summary>A page of the over-served customers, most negative profit first (then by customer id).</summary>
    public async Task<PagedResult<OverServedRow>> OverServedAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Demand();
        page = Math.Max(0, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = Paging.Offset(page, pageSize);
        var total = 0;
        var items = new List<OverServedFigures>(pageSize);
        await foreach (var row in OverServedFiguresAsync(cancellationToken))
        {
            if (total >= skip && items.Count < pageSize)
            {
                items.Add(row);
            }

            total++;
        }

        var names = await customers.DisplayNamesAsync(items.Select(i => i.CustomerId), cancellationToken);
        return new PagedResult<OverServedRow>([.. items.Select(i => i.ToRow(names))], total, page, pageSize);
    }

    /// <summary>Every over-served customer in the order of the list, names looked up 500 at a time.</summary>
    public async IAsyncEnumerable<OverServedRow> AllOverServedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Demand();
        var batch = new List<OverServedFigures>(500);
        await foreach (var row in OverServedFiguresAsync(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == 500)
            {
                foreach (var item in await NamedAsync(batch, cancellationToken))
                {
                    yield return item;
                }

                batch.Clear();
            }
        }

        foreach (var item in await NamedAsync(batch, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>The over-served list as CSV, in the order of the list; names are defused against formulas.</summary>
    public async Task WriteOverServedCsvAsync(Stream output, CancellationToken cancellationToken = default)
    {
        Demand();
        await using var csv = new AnalyticsCsv(output);
        await csv.WriteAsync(["customer_id", "customer", "revenue", "gross_margin", "service_cost", "profit"], cancellationToken);
        var written = 0;
        await foreach (var row in AllOverServedAsync(cancellationToken))
        {
            await csv.WriteAsync(
            [
                AnalyticsCsv.Id(row.CustomerId), AnalyticsCsv.Text(row.Name), AnalyticsCsv.Number(row.Revenue),
                AnalyticsCsv.Number(row.GrossMargin), AnalyticsCsv.Number(row.ServiceCost), AnalyticsCsv.Number(row.Profit),
            ], cancellationToken);
            if (++written % 500 == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>True when the stored figures mark this customer over-served: profit &lt; 0 ≤ profit + cost to serve.</summary>
    public static bool IsOverServed(decimal? profit, decimal serviceCost) => profit is { } p && p < 0 && p + serviceCost >= 0;

    private async Task<IEnumerable<OverServedRow>> NamedAsync(List<OverServedFigures> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var names = await customers.DisplayNamesAsync(batch.Select(i => i.CustomerId), cancellationToken);
        return [.. batch.Select(i => i.ToRow(names))];
    }

    private async IAsyncEnumerable<OverServedFigures> OverServedFiguresAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // SQL narrows to negative profits (sorted); "gross margin ≥ 0" needs profit + cost to serve, so it is checked here.
        var negative = db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.Profit < 0m)
            .OrderBy(v => v.Profit).ThenBy(v => v.CustomerId)
            .Select(v => new { v.CustomerId, v.Monetary, v.Profit, v.ServiceCost })
            .AsAsyncEnumerable();
        await foreach (var v in negative.WithCancellation(cancellationToken))
        {
            if (IsOverServed(v.Profit, v.ServiceCost))
            {
                yield return new OverServedFigures(v.CustomerId, v.Monetary, v.Profit!.Value, v.ServiceCost);
            }
        }
    }

    private static TierTable Table(string rankedBy, List<TierSums> groups, int customers, decimal revenue, decimal? profit, TierFloors? floors)
    {
        var rows = new List<TierRow>(4);
        foreach (var tier in TierOrder)
        {
            var g = groups.FirstOrDefault(x => x.Tier == tier) ?? new TierSums(tier, 0, 0m, profit is null ? null : 0m);
            rows.Add(new TierRow(
                TierNames.Of(tier), tier, g.Customers,
                customers == 0 ? 0 : (double)g.Customers / customers,
                g.Revenue,
                revenue == 0 ? null : (double)(g.Revenue / revenue),
                profit is null ? null : g.Profit ?? 0m,
                profit is > 0 ? (double)((g.Profit ?? 0m) / profit.Value) : null,
                TopShare(tier, floors),
                Floor(tier, floors)));
        }

        return new TierTable(rankedBy, customers, revenue, profit, rows);
    }

    private static double TopShare(byte tier, TierFloors? floors)
    {
        var thresholds = floors is null
            ? (Platinum: 0.05, Gold: 0.20, Silver: 0.50)
            : (Platinum: floors.PlatinumTop, Gold: floors.GoldTop, Silver: floors.SilverTop);
        return tier switch
        {
            4 => thresholds.Platinum,
            3 => thresholds.Gold,
            2 => thresholds.Silver,
            _ => 1.0,
        };
    }

    private static decimal? Floor(byte tier, TierFloors? floors)
    {
        var value = floors is null ? null : tier switch
        {
            4 => floors.Platinum,
            3 => floors.Gold,
            2 => floors.Silver,
            _ => floors.Bronze,
        };
        return value is { } v && double.IsFinite(v) ? decimal.Round((decimal)v, 2) : null;
    }

    private static (WhaleCurveFigures? Curve, string? Reason) Whale(LoadedValueModel? model, bool profitKnown, string? unknownReason)
    {
        if (!profitKnown)
        {
            return (null, unknownReason);
        }

        var curve = model?.WhaleCurve;
        if (curve is null)
        {
            return (null, "No whale curve yet: run a recompute.");
        }

        if (!(curve.TotalProfit > 0) || !double.IsFinite(curve.TopShare) || curve.ProfitShare.Any(s => !double.IsFinite(s)))
        {
            return (null, "Total profit is zero or negative, so shares of it have no meaning: the whale curve cannot be drawn.");
        }

        var points = new WhalePoint[Math.Min(curve.CustomerShare.Length, curve.ProfitShare.Length)];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new WhalePoint(curve.CustomerShare[i], curve.ProfitShare[i]);
        }

        return (new WhaleCurveFigures(points, curve.TopCustomerShare, curve.TopShare, curve.PeakCustomerShare, curve.PeakProfitShare,
            decimal.Round((decimal)curve.TotalProfit, 2)), null);
    }

    private void Demand()
    {
        if (!MaySee(currentUser))
        {
            throw new ForbiddenException("Only Managers and Admins see the value tiers.");
        }
    }

    private sealed record TierSums(byte Tier, int Customers, decimal Revenue, decimal? Profit);

    private sealed record OverServedFigures(long CustomerId, decimal Revenue, decimal Profit, decimal ServiceCost)
    {
        public OverServedRow ToRow(IReadOnlyDictionary<long, string> names) =>
            new(CustomerId, names.GetValueOrDefault(CustomerId, $"#{CustomerId}"), Revenue, Profit + ServiceCost, ServiceCost, Profit);
    }
}
