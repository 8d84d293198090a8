using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.History;

/// <summary>
/// What the customer-value engine reads (<see cref="ISalesHistory"/>, and the customers' external ids and interaction counts
/// from <see cref="ICustomerFacts"/>), on a real SQLite file: purchases only, in customer and time order, up to a date.
/// </summary>
public sealed class SalesHistoryTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Afternoon = Day.AddHours(15).AddTicks(1_234_567);
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public async Task InitializeAsync()
    {
        host.StartServer();
        await SeedAsync(
            Sale(1, 20, Afternoon, Line("P1", 2, 10m, 6m)),
            Sale(2, 10, Day.AddHours(10), Line("P2", 1, 5.5m, null)),
            Sale(3, 10, Day.AddDays(-10), Line("P1", 1, 10m, 6m), Line("P3", -1, 4m, 2m)),
            Sale(4, 10, Day.AddDays(5), Line("P4", 3, 0m, 0m)),
            Sale(5, 10, Day.AddDays(1), Line("P1", 1, 10m, 6m)).With(o => o.Status = OrderStatus.Cancelled),
            Sale(6, 10, Day.AddDays(2), Line("P1", -1, 10m, 6m)).With(o => o.Kind = OrderKind.Return),
            Sale(7, 10, Day.AddDays(3), Line("P2", -2, 5.5m, null)),
            Sale(8, null, Day.AddHours(12), Line("P2", 1, 5.5m, null), Line("P1", 1, 10m, 6m), Line("P2", 2, 5.5m, null)),
            Sale(9, 30, Day.AddDays(-40), Line("P3", 1, 4m, 2m)).With(o => o.Kind = OrderKind.Cancellation));
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Purchases_are_the_non_cancelled_sales_with_a_positive_line_of_customers_ordered_by_customer_and_time()
    {
        var purchases = await ReadAsync(s => s.GetRequiredService<ISalesHistory>().StreamPurchasesAsync());

        // Customer 10: order 3 (only its positive line counts), order 2, order 4 (zero value still a purchase);
        // not the cancelled sale 5, the return 6, the all-negative sale 7. Customer 20: order 1. No anonymous order 8,
        // no cancellation document 9.
        Assert.Equal(
        [
            new CustomerPurchase(10, Day.AddDays(-10), 10m, 6m),
            new CustomerPurchase(10, Day.AddHours(10), 5.5m, null),
            new CustomerPurchase(10, Day.AddDays(5), 0m, 0m),
            new CustomerPurchase(20, Afternoon, 20m, 12m),
        ], purchases);
        Assert.All(purchases, p => Assert.Equal(DateTimeKind.Utc, p.OrderedAtUtc.Kind));
    }

    [Fact]
    public async Task Purchases_before_a_date_leave_out_that_date_and_later()
    {
        var purchases = await ReadAsync(s => s.GetRequiredService<ISalesHistory>().StreamPurchasesAsync(Day.AddDays(5)));

        Assert.Equal([Day.AddDays(-10), Day.AddHours(10), Afternoon], purchases.Select(p => p.OrderedAtUtc));
    }

    [Fact]
    public async Task The_fast_SQLite_reading_gives_exactly_what_EF_materializes()
    {
        var fast = await ReadAsync(s => s.GetRequiredService<ISalesHistory>().StreamPurchasesAsync());
        var ef = await ReadAsync(s => ((Crm.Sales.Features.History.SalesHistory)s.GetRequiredService<ISalesHistory>()).StreamPurchasesThroughEfAsync());
        var before = await ReadAsync(s => s.GetRequiredService<ISalesHistory>().StreamPurchasesAsync(Afternoon));
        var beforeEf = await ReadAsync(s => ((Crm.Sales.Features.History.SalesHistory)s.GetRequiredService<ISalesHistory>()).StreamPurchasesThroughEfAsync(Afternoon));

        Assert.Equal(ef, fast);
        Assert.Equal(beforeEf, before);
        Assert.Equal(2, before.Count);
    }

    [Fact]
    public async Task Baskets_hold_the_positive_lines_of_every_purchase_order_with_or_without_a_customer_ordered_by_order()
    {
        var items = await ReadAsync(s => s.GetRequiredService<ISalesHistory>().StreamBasketItemsAsync());
        var ids = await host.QueryAsync(db => db.Set<Order>().OrderBy(o => o.Id).Select(o => new { o.Id, o.OrderNumber }).ToDictionaryAsync(o => o.OrderNumber, o => o.Id));

        Assert.Equal(items.OrderBy(i => i.OrderId).Select(i => i.OrderId), items.Select(i => i.OrderId));
        var baskets = items.GroupBy(i => i.OrderId).ToDictionary(g => g.Key, g => g.Select(i => i.ProductCode).Order().ToList());
        Assert.Equal(new[] { "S1", "S2", "S3", "S4", "S8" }.Select(n => ids[n]).Order(), baskets.Keys.Order());
        Assert.Equal(["P1"], baskets[ids["S3"]]);
        Assert.Equal(["P4"], baskets[ids["S4"]]);
        Assert.Equal(["P1", "P2", "P2"], baskets[ids["S8"]]);
    }

    [Fact]
    public async Task Customer_facts_stream_external_ids_and_service_interactions_in_customer_order()
    {
        var ensured = await AsAsync(s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("shop-2"), new ExternalCustomer("shop-1")]));
        var plain = await AsAsync(s => s.GetRequiredService<ICustomerRegistration>().RegisterAsync(
            new CustomerInput { Kind = CustomerKind.Person, FirstName = "No", LastName = "Extid" }, allowDuplicates: true));
        var shop1 = ensured.IdsByExternalId["shop-1"];
        var shop2 = ensured.IdsByExternalId["shop-2"];
        await AsAsync(s => s.GetRequiredService<IInteractionLog>().RecordManyAsync(
        [
            new InteractionEntry(shop1, Channel.Phone, InteractionDirection.Inbound, InteractionType.Call, Day, "Call"),
            new InteractionEntry(shop1, Channel.Email, InteractionDirection.Outbound, InteractionType.Email, Day.AddDays(1), "Mail"),
            new InteractionEntry(shop1, Channel.Web, InteractionDirection.Inbound, InteractionType.Order, Day, "Order"),
            new InteractionEntry(shop2, Channel.Phone, InteractionDirection.Inbound, InteractionType.Call, Day.AddDays(2), "Call"),
        ]));

        var externalIds = await ReadAsync(s => s.GetRequiredService<ICustomerFacts>().StreamExternalIdsAsync());
        var counts = await ReadAsync(s => s.GetRequiredService<ICustomerFacts>().StreamInteractionCountsAsync());
        var early = await ReadAsync(s => s.GetRequiredService<ICustomerFacts>().StreamInteractionCountsAsync(Day, Day.AddDays(2)));

        Assert.Equal(new[] { (shop1, "shop-1"), (shop2, "shop-2") }.OrderBy(p => p.Item1), externalIds.Select(e => (e.CustomerId, e.ExternalId)));
        Assert.DoesNotContain(externalIds, e => e.CustomerId == plain.CustomerId);
        Assert.Equal(new[] { new CustomerInteractionCount(shop1, 2), new CustomerInteractionCount(shop2, 1) }.OrderBy(c => c.CustomerId), counts);
        Assert.Equal([new CustomerInteractionCount(shop1, 2)], early);
    }

    private static Order Sale(int number, long? customer, DateTime at, params OrderLine[] lines)
    {
        var order = new Order
        {
            OrderNumber = $"S{number}",
            CustomerId = customer,
            Channel = SalesChannel.WebShop,
            Kind = OrderKind.Sale,
            Status = OrderStatus.Placed,
            OrderedAtUtc = at,
            Source = "test",
            Lines = [.. lines],
        };
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i].LineNumber = i + 1;
        }

        return order;
    }

    private static OrderLine Line(string code, decimal quantity, decimal price, decimal? cost) => new()
    {
        ProductCode = code,
        ProductName = code,
        Quantity = quantity,
        UnitPrice = price,
        UnitCost = cost,
        Amount = OrderLine.AmountOf(quantity, price, 0),
    };

    private async Task SeedAsync(params Order[] orders)
    {
        foreach (var order in orders)
        {
            order.Recalculate();
        }

        await using var scope = host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        db.AddRange(orders);
        await db.SaveChangesAsync();
    }

    private async Task<List<T>> ReadAsync<T>(Func<IServiceProvider, IAsyncEnumerable<T>> stream)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test", CrmRoles.Admin);
        var list = new List<T>();
        await foreach (var item in stream(scope.ServiceProvider))
        {
            list.Add(item);
        }

        return list;
    }

    private async Task<T> AsAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test", CrmRoles.Admin);
        return await action(scope.ServiceProvider);
    }
}

internal static class OrderTestExtensions
{
    public static Order With(this Order order, Action<Order> change)
    {
        change(order);
        return order;
    }
}
