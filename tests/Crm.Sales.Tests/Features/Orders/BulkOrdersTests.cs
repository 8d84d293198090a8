using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class BulkOrdersTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    private static readonly Uri Bulk = new("/api/v1/orders/bulk", UriKind.Relative);

    [Fact]
    public async Task Each_order_of_a_bulk_call_is_accepted_or_rejected_on_its_own()
    {
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var products = await fixture.ProductsAsync((10m, 4m, 100), (1.5m, 0.5m, 100));
        var storedInput = new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = NewExternalId(), LastName = "Earlier" },
            Lines = [Line(products[0], 1)],
        };
        await CreateOrderAsync(shop, storedInput);
        var customerRef = NewExternalId();
        OrderInput Good(decimal quantity) => new()
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = customerRef, FirstName = "Bulk", LastName = "Buyer" },
            Lines = [Line(products[0], quantity), Line(products[1], 2)],
        };
        var orders = new List<OrderInput>
        {
            Good(1),
            Good(2) with { Lines = [Line(products[0], 0)] },                                  // invalid quantity
            Good(3),
            Good(4) with { Lines = [new OrderLineInput { ProductCode = "NOPE", Quantity = 1 }] }, // unknown product
            storedInput with { Lines = [Line(products[0], 3)] },                             // stored id, other content
            Good(5),
        };
        orders.Add(orders[0]); // the same order twice in one call

        using var response = await shop.PostAsJsonAsync(Bulk, orders, Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ReadAsync<BulkOrdersResult>(response);
        Assert.Equal(Enumerable.Range(0, orders.Count), result.Items.Select(i => i.Index));
        Assert.Equal(["created", "rejected", "created", "rejected", "rejected", "created", "unchanged"], result.Items.Select(i => i.Status));
        Assert.Equal((3, 1, 3), (result.CreatedCount, result.UnchangedCount, result.RejectedCount));
        Assert.Contains("lines[0].quantity", result.Items[1].Errors!.Keys);
        Assert.Contains("lines[0].productCode", result.Items[3].Errors!.Keys);
        Assert.Contains("externalId", result.Items[4].Errors!.Keys);
        Assert.Equal(result.Items[0].Id, result.Items[6].Id);

        var storedOrders = await fixture.Host.QueryAsync(db => db.Set<Order>().Include(o => o.Lines)
            .Where(o => result.Items.Select(i => i.Id).Contains(o.Id)).ToListAsync());
        Assert.Equal(3, storedOrders.Count);
        Assert.Single(storedOrders.Select(o => o.CustomerId).Distinct());
        Assert.All(storedOrders, o => Assert.Equal(o.Lines.Sum(l => l.Quantity * l.UnitPrice - l.Discount), o.Total));
        Assert.Equal(100 - 1 - (1 + 3 + 5), await fixture.StockAsync(products[0].Id));
        Assert.Equal(100 - 3 * 2, await fixture.StockAsync(products[1].Id));

        // The whole call again: every accepted order is a replay now.
        using var again = await shop.PostAsJsonAsync(Bulk, orders, Json);
        var replay = await ReadAsync<BulkOrdersResult>(again);
        Assert.Equal(["unchanged", "rejected", "unchanged", "rejected", "rejected", "unchanged", "unchanged"], replay.Items.Select(i => i.Status));
        Assert.Equal(result.Items.Select(i => i.Id), replay.Items.Select(i => i.Id));
        Assert.Equal(100 - 3 * 2, await fixture.StockAsync(products[1].Id));
    }

    [Fact]
    public async Task More_than_1000_orders_in_one_call_is_a_400_and_nothing_is_stored()
    {
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var products = await fixture.ProductsAsync((1m, null, 0));
        var orders = Enumerable.Range(0, 1001).Select(_ => new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = "too-many", LastName = "Many" },
            Lines = [Line(products[0], 1)],
        }).ToList();

        using var response = await shop.PostAsJsonAsync(Bulk, orders, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.Lines.Any(l => l.ProductId == products[0].Id))));
        Assert.Equal(0, await fixture.StockAsync(products[0].Id));
    }
}
