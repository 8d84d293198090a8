using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Generate;

/// <summary>
/// Two hosts on fresh SQLite files, each with the same generated customers and sales data (seed 7): the first keeps its
/// indexes while writing, the second builds the order and line indexes after the rows (as a large load does).
/// </summary>
public sealed class GeneratedSalesFixture : IAsyncLifetime
{
    public const int Customers = 1_500;

    public static readonly SalesGeneration Options = new() { Products = 60, OrdersPerCustomer = 5, OpportunitiesPerCustomer = 0.4, Seed = 7 };

    private static readonly Dictionary<string, string?> NoDemoData = new() { ["DemoData:Customers"] = "0", ["DemoData:OrdersPerCustomer"] = "0" };

    public CrmWebHost First { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoData);

    public CrmWebHost Second { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoData);

    public GeneratedSales FirstResult { get; private set; } = default!;

    public GeneratedSales SecondResult { get; private set; } = default!;

    /// <summary>What the second host's generation reported: customers done, then the index build.</summary>
    public List<SalesGenerationProgress> SecondProgress { get; } = [];

    public async Task InitializeAsync()
    {
        FirstResult = await GenerateAsync(First, deferIndexesFromOrders: int.MaxValue, progress: null);
        SecondResult = await GenerateAsync(Second, deferIndexesFromOrders: 1, new SynchronousProgress<SalesGenerationProgress>(SecondProgress.Add));
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    private static async Task<GeneratedSales> GenerateAsync(CrmWebHost host, int deferIndexesFromOrders, IProgress<SalesGenerationProgress>? progress)
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:generator", CrmRoles.Admin);
        await scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>().GenerateAsync(Customers, 0, 3, null);
        var generator = (Sales.Features.Generate.SalesDataGenerator)scope.ServiceProvider.GetRequiredService<ISalesDataGenerator>();
        return await generator.GenerateAsync(Options, progress, allowBulkInsert: true, deferIndexesFromOrders, CancellationToken.None);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

public sealed class SalesDataGeneratorTests(GeneratedSalesFixture fixture) : IClassFixture<GeneratedSalesFixture>
{
    [Fact]
    public async Task The_same_seed_gives_the_same_orders_lines_and_opportunities()
    {
        Assert.Equal(fixture.FirstResult with { Elapsed = default }, fixture.SecondResult with { Elapsed = default });
        Assert.Equal(await FingerprintAsync(fixture.First), await FingerprintAsync(fixture.Second));
        Assert.True(fixture.FirstResult.Orders > GeneratedSalesFixture.Customers, "Expected several orders per customer on average.");
        Assert.Equal(GeneratedSalesFixture.Options.Products, await fixture.First.QueryAsync(db => db.Set<Product>().CountAsync()));
    }

    [Fact]
    public async Task A_load_that_builds_the_indexes_after_the_rows_ends_with_the_same_indexes_as_one_that_keeps_them()
    {
        var first = await IndexesAsync(fixture.First);
        Assert.Contains("IX_Sales_Orders_OrderedAtUtc", first.Keys);
        Assert.Contains("IX_Sales_OrderLines_ProductId", first.Keys);
        Assert.Equal(first, await IndexesAsync(fixture.Second));
        Assert.Equal(new SalesGenerationProgress(fixture.SecondResult.Customers, BuildingIndexes: true), fixture.SecondProgress[^1]);
        Assert.All(fixture.SecondProgress.SkipLast(1), step => Assert.False(step.BuildingIndexes));
    }

    [Fact]
    public async Task Indexes_a_killed_load_left_missing_are_built_at_the_next_start()
    {
        var before = await IndexesAsync(fixture.Second);
        await fixture.Second.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "DROP INDEX \"IX_Sales_Orders_Total\"; DROP INDEX \"IX_Sales_OrderLines_OrderId\";"));
        Assert.DoesNotContain("IX_Sales_Orders_Total", (await IndexesAsync(fixture.Second)).Keys);

        await using (var scope = fixture.Second.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Crm.Kernel.Data.CrmDatabaseInitializer>().MigrateAsync();
        }

        Assert.Equal(before, await IndexesAsync(fixture.Second));
    }

    [Fact]
    public async Task Stored_totals_are_the_sums_of_the_lines_and_every_sale_is_on_the_customer_timeline()
    {
        var orders = await fixture.First.QueryAsync(db => db.Set<Order>().AsNoTracking().Include(o => o.Lines).ToListAsync());
        Assert.Equal(fixture.FirstResult.Orders, orders.Count);
        Assert.Equal(fixture.FirstResult.OrderLines, orders.Sum(o => o.Lines.Count));
        foreach (var order in orders)
        {
            Assert.Equal(order.Lines.Sum(l => l.Amount), order.Total);
            Assert.All(order.Lines, l => Assert.Equal(OrderLine.AmountOf(l.Quantity, l.UnitPrice, l.Discount), l.Amount));
        }

        // The SQL sum of the stored fixed-point totals equals the C# sum.
        Assert.Equal(orders.Sum(o => o.Total), await fixture.First.QueryAsync(db => db.Set<Order>().SumAsync(o => o.Total)));

        var sales = orders.Count(o => o.Kind == OrderKind.Sale);
        Assert.Equal(sales, fixture.FirstResult.TimelineEntries);
        var onTimeline = await fixture.First.QueryAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"Contacts_Interactions\" WHERE \"Type\" = 'Order' AND \"OrderId\" IS NOT NULL").SingleAsync());
        Assert.Equal(sales, onTimeline);
    }

    [Fact]
    public async Task Customer_value_is_skewed_the_top_fifth_of_customers_bring_at_least_half_the_revenue()
    {
        var revenue = await fixture.First.QueryAsync(db => db.Set<Order>().Where(o => o.IsPurchase)
            .GroupBy(o => o.CustomerId).Select(g => g.Sum(o => o.PurchaseAmount)).ToListAsync());
        var all = revenue.Concat(Enumerable.Repeat(0m, GeneratedSalesFixture.Customers - revenue.Count)).OrderDescending().ToList();
        var top = all.Take(all.Count / 5).Sum();
        Assert.True(top >= 0.5m * all.Sum(), $"Top 20% bring {top / all.Sum():P1} of revenue.");
    }

    [Fact]
    public async Task Some_customers_stopped_buying_no_order_in_the_last_six_months()
    {
        var sixMonthsAgo = DateTime.UtcNow.AddMonths(-6);
        var lastOrders = await fixture.First.QueryAsync(db => db.Set<Order>().Where(o => o.IsPurchase)
            .GroupBy(o => o.CustomerId).Select(g => g.Max(o => o.OrderedAtUtc)).ToListAsync());
        var dead = lastOrders.Count(last => last < sixMonthsAgo);
        Assert.True(dead >= lastOrders.Count / 10, $"{dead} of {lastOrders.Count} buying customers have no order in the last 6 months.");
        Assert.True(lastOrders.Count(last => last >= sixMonthsAgo) >= lastOrders.Count / 3, "Most buyers should still be active.");
    }

    [Fact]
    public async Task Some_products_are_bought_together_far_more_often_than_chance()
    {
        var baskets = await fixture.First.QueryAsync(db => db.Set<OrderLine>().Where(l => l.Quantity > 0)
            .Select(l => new { l.OrderId, l.ProductCode }).ToListAsync());
        var byOrder = baskets.GroupBy(b => b.OrderId).Select(g => g.Select(b => b.ProductCode).Distinct().Order(StringComparer.Ordinal).ToArray()).ToList();
        var n = (double)byOrder.Count;
        var single = byOrder.SelectMany(b => b).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var pairs = byOrder.SelectMany(b => b.SelectMany((x, i) => b.Skip(i + 1).Select(y => (x, y))))
            .GroupBy(p => p).Select(g => (Pair: g.Key, Count: g.Count())).Where(p => p.Count >= 20).ToList();
        var lifts = pairs.Select(p => p.Count / n / (single[p.Pair.x] / n * (single[p.Pair.y] / n))).OrderDescending().ToList();
        Assert.True(lifts.Count(l => l >= 3) >= 3, $"Expected several product pairs with lift >= 3 and support >= 20; best lifts: {string.Join(", ", lifts.Take(5).Select(l => l.ToString("F1")))}");
    }

    [Fact]
    public async Task Returns_and_cancellations_are_documents_against_their_sale()
    {
        var followUps = await fixture.First.QueryAsync(db => db.Set<Order>().AsNoTracking().Include(o => o.Lines)
            .Where(o => o.Kind != OrderKind.Sale).ToListAsync());
        Assert.True(fixture.FirstResult.Returns > 0 && fixture.FirstResult.Cancellations > 0);
        Assert.Equal(fixture.FirstResult.Returns + fixture.FirstResult.Cancellations, followUps.Count);
        var originals = await fixture.First.QueryAsync(db => db.Set<Order>().AsNoTracking().Where(o => o.Kind == OrderKind.Sale && o.Status != OrderStatus.Placed)
            .ToDictionaryAsync(o => o.Id));
        foreach (var document in followUps)
        {
            var sale = originals[document.OriginalOrderId!.Value];
            Assert.Equal(document.CustomerId, sale.CustomerId);
            Assert.True(document.OrderedAtUtc >= sale.OrderedAtUtc);
            Assert.All(document.Lines, l => Assert.True(l.Quantity < 0));
            Assert.True(document.Total < 0);
            Assert.False(document.IsPurchase);
            if (document.Kind == OrderKind.Cancellation)
            {
                Assert.Equal(OrderStatus.Cancelled, sale.Status);
                Assert.False(sale.IsPurchase);
            }
            else
            {
                Assert.Contains(sale.Status, new[] { OrderStatus.Returned, OrderStatus.PartiallyReturned });
            }
        }
    }

    [Fact]
    public async Task Opportunities_spread_over_the_stages_with_weighted_amounts_and_closed_ones_have_a_reason()
    {
        var opportunities = await fixture.First.QueryAsync(db => db.Set<Opportunity>().AsNoTracking().Include(o => o.Products).ToListAsync());
        Assert.Equal(fixture.FirstResult.Opportunities, opportunities.Count);
        Assert.Equal(6, opportunities.Select(o => o.StageId).Distinct().Count());
        Assert.All(opportunities, o =>
        {
            Assert.Equal(decimal.Round(o.Amount * o.Probability / 100m, 4), o.WeightedAmount);
            Assert.Equal(o.StageId >= 5, o.ClosedAtUtc is not null && o.CloseReason is not null);
            Assert.NotEmpty(o.Products);
        });
        Assert.Contains(opportunities, o => o.StageId == 5 && o.ClosedAtUtc >= new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    private static Task<Dictionary<string, string>> IndexesAsync(CrmWebHost host) => host.QueryAsync(async db =>
        (await db.Database.SqlQueryRaw<IndexRow>(
            "SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").ToListAsync())
        .ToDictionary(row => row.Name, row => row.Sql, StringComparer.Ordinal));

    private sealed record IndexRow(string Name, string Sql);

    private static Task<string> FingerprintAsync(CrmWebHost host) => host.QueryAsync(async db =>
    {
        var orders = await db.Set<Order>().OrderBy(o => o.Id)
            .Select(o => $"{o.Id}|{o.CustomerId}|{o.Kind}|{o.Status}|{o.Channel}|{o.Total}|{o.LineCount}|{o.OriginalOrderId}|{o.SalesRepId != null}").ToListAsync();
        var lines = await db.Set<OrderLine>().OrderBy(l => l.Id).Select(l => $"{l.OrderId}|{l.ProductCode}|{l.Quantity}|{l.Amount}").ToListAsync();
        var opportunities = await db.Set<Opportunity>().OrderBy(o => o.Id).Select(o => $"{o.CustomerId}|{o.StageId}|{o.Amount}").ToListAsync();
        return string.Join("\n", orders.Concat(lines).Concat(opportunities));
    });
}
