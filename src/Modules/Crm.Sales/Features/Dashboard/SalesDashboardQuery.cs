using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Dashboard;

/// <summary>Open opportunities in one pipeline stage.</summary>
internal sealed record StageFigure(int StageId, string Stage, int Position, int Count, decimal Amount, decimal WeightedAmount);

/// <summary>A sum and how many records it adds up, for one calendar month (UTC).</summary>
internal sealed record MonthFigure(int Count, decimal Amount);

internal sealed record CustomerRevenue(long CustomerId, string Name, int Orders, decimal Revenue);

internal sealed record ProductRevenue(string Code, string Name, decimal Quantity, decimal Revenue);

/// <summary>Everything the sales dashboard shows, for one rep or for everyone.</summary>
internal sealed record SalesDashboard(
    string? OwnerId,
    DateTime ThisMonthStartUtc,
    DateTime LastMonthStartUtc,
    DateTime TopSinceUtc,
    IReadOnlyList<StageFigure> Pipeline,
    MonthFigure WonThisMonth,
    MonthFigure WonLastMonth,
    MonthFigure OrdersThisMonth,
    MonthFigure OrdersLastMonth,
    IReadOnlyList<CustomerRevenue> TopCustomers,
    IReadOnlyList<ProductRevenue> TopProducts)
{
    public bool IsEmpty => Pipeline.All(s => s.Count == 0) && WonThisMonth.Count + WonLastMonth.Count + OrdersThisMonth.Count + OrdersLastMonth.Count == 0
        && TopCustomers.Count == 0;
}

/// <summary>
/// The figures of the sales dashboard, each aggregated in SQL: a SalesRep sees their own (opportunities they own, orders
/// credited to them); Managers and Admins see everyone's, or one rep's with the owner filter.
/// <list type="bullet">
/// <item>Pipeline: open opportunities (in a stage of kind Open) per stage: count, sum of Amount, sum of WeightedAmount.</item>
/// <item>Won: opportunities in a Won stage whose ClosedAtUtc falls in the month: count and sum of Amount.</item>
/// <item>Order revenue: sales (Kind = Sale) that are not cancelled, ordered in the month: count and sum of Total.</item>
/// <item>Top customers: the same orders over the last 12 months, sum of Total per customer, the 10 largest.</item>
/// <item>Top products: lines of positive quantity on those orders, sum of line Amount per product code, the 10 largest.</item>
/// </list>
/// Months are calendar months in UTC.
/// </summary>
internal sealed class SalesDashboardQuery(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, TimeProvider clock)
{
    public const int TopCount = 10;

    public static bool CanSeeEveryone(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    /// <param name="ownerId">Managers and Admins: one rep's figures, or null for everyone's. Ignored for a SalesRep (always their own).</param>
    public async Task<SalesDashboard> LoadAsync(string? ownerId, CancellationToken cancellationToken = default)
    {
        string? owner;
        if (CanSeeEveryone(currentUser))
        {
            owner = string.IsNullOrWhiteSpace(ownerId) ? null : ownerId;
        }
        else if (currentUser.IsInRole(CrmRoles.SalesRep))
        {
            owner = currentUser.ActorId;
        }
        else
        {
            throw new ForbiddenException("The sales dashboard is for SalesReps, Managers and Admins.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var lastMonth = thisMonth.AddMonths(-1);
        var nextMonth = thisMonth.AddMonths(1);
        var topSince = thisMonth.AddMonths(-11);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunities = db.Set<Opportunity>().AsNoTracking();
        var orders = db.Set<Order>().AsNoTracking();
        if (owner is not null)
        {
            opportunities = opportunities.Where(o => o.OwnerId == owner);
            orders = orders.Where(o => o.SalesRepId == owner);
        }

        var sale = OrderKind.Sale;
        var cancelled = OrderStatus.Cancelled;
        var sales = orders.Where(o => o.Kind == sale && o.Status != cancelled);

        var open = StageKind.Open;
        var won = StageKind.Won;
        var stages = await db.Set<PipelineStage>().AsNoTracking().OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var openStageIds = stages.Where(s => s.Kind == open).Select(s => s.Id).ToList();
        var wonStageIds = stages.Where(s => s.Kind == won).Select(s => s.Id).ToList();

        var perStage = await opportunities.Where(o => openStageIds.Contains(o.StageId))
            .GroupBy(o => o.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Count(), Amount = g.Sum(o => o.Amount), Weighted = g.Sum(o => o.WeightedAmount) })
            .ToListAsync(cancellationToken);
        var pipeline = stages.Where(s => s.Kind == open && (s.IsActive || perStage.Any(p => p.StageId == s.Id)))
            .Select(s => perStage.FirstOrDefault(p => p.StageId == s.Id) is { } p
                ? new StageFigure(s.Id, s.Name, s.Position, p.Count, p.Amount, p.Weighted)
                : new StageFigure(s.Id, s.Name, s.Position, 0, 0, 0))
            .ToList();

        var wonOpportunities = opportunities.Where(o => wonStageIds.Contains(o.StageId));
        var wonThis = await MonthAsync(wonOpportunities.Where(o => o.ClosedAtUtc >= thisMonth && o.ClosedAtUtc < nextMonth).Select(o => o.Amount), cancellationToken);
        var wonLast = await MonthAsync(wonOpportunities.Where(o => o.ClosedAtUtc >= lastMonth && o.ClosedAtUtc < thisMonth).Select(o => o.Amount), cancellationToken);
        var ordersThis = await MonthAsync(sales.Where(o => o.OrderedAtUtc >= thisMonth && o.OrderedAtUtc < nextMonth).Select(o => o.Total), cancellationToken);
        var ordersLast = await MonthAsync(sales.Where(o => o.OrderedAtUtc >= lastMonth && o.OrderedAtUtc < thisMonth).Select(o => o.Total), cancellationToken);

        var recent = sales.Where(o => o.OrderedAtUtc >= topSince && o.OrderedAtUtc < nextMonth);
        var topCustomers = await recent.Where(o => o.CustomerId != null)
            .GroupBy(o => o.CustomerId!.Value)
            .Select(g => new { CustomerId = g.Key, Orders = g.Count(), Revenue = g.Sum(o => o.Total) })
            .OrderByDescending(g => g.Revenue).ThenBy(g => g.CustomerId).Take(TopCount)
            .ToListAsync(cancellationToken);
        var displayNames = await customers.DisplayNamesAsync(topCustomers.Select(c => c.CustomerId), cancellationToken);
        var names = topCustomers.Select(c => new CustomerRevenue(
            c.CustomerId, displayNames.GetValueOrDefault(c.CustomerId) ?? $"Customer {c.CustomerId}", c.Orders, c.Revenue)).ToList();

        var recentIds = recent.Select(o => o.Id);
        var topProducts = await db.Set<OrderLine>().AsNoTracking()
            .Where(l => l.Quantity > 0 && recentIds.Contains(l.OrderId))
            .GroupBy(l => l.ProductCode)
            .Select(g => new { Code = g.Key, Name = g.Max(l => l.ProductName), Quantity = g.Sum(l => l.Quantity), Revenue = g.Sum(l => l.Amount) })
            .OrderByDescending(g => g.Revenue).ThenBy(g => g.Code).Take(TopCount)
            .ToListAsync(cancellationToken);

        return new SalesDashboard(owner, thisMonth, lastMonth, topSince, pipeline, wonThis, wonLast, ordersThis, ordersLast, names,
            [.. topProducts.Select(p => new ProductRevenue(p.Code, p.Name ?? p.Code, p.Quantity, p.Revenue))]);
    }

    private static async Task<MonthFigure> MonthAsync(IQueryable<decimal> amounts, CancellationToken cancellationToken)
    {
        var count = await amounts.CountAsync(cancellationToken);
        return count == 0 ? new MonthFigure(0, 0) : new MonthFigure(count, await amounts.SumAsync(cancellationToken));
    }
}
