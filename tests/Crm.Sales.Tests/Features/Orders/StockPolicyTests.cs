using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>Issue 16: stock goes below zero only for products that take back orders, and such a product stays editable.</summary>
public sealed class StockPolicyTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task An_order_for_more_than_is_in_stock_is_refused_naming_the_product_and_nothing_is_stored()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "Oversold");
        var products = await fixture.ProductsAsync((10m, 4m, 5), (3m, 1m, 50));

        using var response = await PostOrderAsync(rep, new OrderInput
        {
            CustomerId = customer.Id,
            Lines = [Line(products[1], 1), Line(products[0], 4), Line(products[0], 2)],
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single((await ReadAsync<ValidationProblemDetails>(response)).Errors["lines[1].quantity"]);
        Assert.Contains($"Only 5 of {products[0].Code} in stock", message, StringComparison.Ordinal);
        Assert.Equal((5, 50), (await fixture.StockAsync(products[0].Id), await fixture.StockAsync(products[1].Id)));

        var exact = await CreateOrderAsync(rep, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 5)] });
        Assert.Equal(OrderStatus.Placed, exact.Status);
        Assert.Equal(0, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task In_a_bulk_call_the_orders_that_would_oversell_are_rejected_in_the_order_sent()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(manager, "BulkStock");
        var products = await fixture.ProductsAsync((10m, 4m, 10));
        var order = new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 6)] };

        using var bulk = await manager.PostAsJsonAsync(new Uri("/api/v1/orders/bulk", UriKind.Relative),
            new[] { order, order, order with { Lines = [Line(products[0], 4)] } }, Json);

        var result = await ReadAsync<BulkOrdersResult>(bulk);
        Assert.Equal(["created", "rejected", "created"], result.Items.Select(i => i.Status));
        Assert.Contains("after the earlier orders of this call", result.Items[1].Errors!["lines[0].quantity"][0], StringComparison.Ordinal);
        Assert.Equal(0, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task Orders_placed_at_the_same_time_never_oversell_a_product_without_back_orders()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "Racer");
        var products = await fixture.ProductsAsync((10m, 4m, 10));

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PostOrderAsync(rep,
            new OrderInput { ExternalId = NewExternalId(), CustomerId = customer.Id, Lines = [Line(products[0], 1)] })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(0, await fixture.StockAsync(products[0].Id));
        Assert.Equal(10, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.CustomerId == customer.Id)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_product_that_takes_back_orders_goes_below_zero_shows_in_the_back_order_report_and_still_saves()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(rep, "BackOrdered");
        var products = await fixture.ProductsAsync((10m, 4m, 3), (10m, 4m, 3));
        await fixture.AllowBackordersAsync(products[0]);

        await CreateOrderAsync(rep, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 8)] });
        Assert.Equal(-5, await fixture.StockAsync(products[0].Id));

        var report = await manager.GetFromJsonAsync<PagedResult<ProductListItem>>(
            new Uri($"/api/v1/products?backOrdered=true&search={products[0].Code[..9]}", UriKind.Relative), Json);
        var row = Assert.Single(report!.Items);
        Assert.Equal((products[0].Code, -5, true), (row.Code, row.StockOnHand, row.AllowBackorder));

        // The edit of a product owed to customers saves with its stock as it is; a new negative count is refused.
        using var read = await manager.GetAsync(new Uri($"/api/v1/products/{products[0].Id}", UriKind.Relative));
        var details = await ReadAsync<ProductDetails>(read);
        var input = new ProductInput
        {
            Code = details.Code, Name = details.Name + " (renamed)", ListPrice = details.ListPrice, UnitCost = details.UnitCost,
            StockOnHand = details.StockOnHand, AllowBackorder = details.AllowBackorder, IsActive = true,
        };
        using (var save = await PutProductAsync(manager, details.Id, read.Headers.ETag!, input))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        using var again = await manager.GetAsync(new Uri($"/api/v1/products/{products[0].Id}", UriKind.Relative));
        using (var worse = await PutProductAsync(manager, details.Id, again.Headers.ETag!, input with { StockOnHand = -6 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, worse.StatusCode);
        }

        Assert.Equal(-5, await fixture.StockAsync(products[0].Id));
    }

    [Theory]
    [InlineData(5, false, 5, true)]
    [InlineData(5, false, 6, false)]
    [InlineData(-2, false, 1, false)]
    [InlineData(-2, false, -1, true)] // putting stock back is always possible
    [InlineData(0, true, 1_000, true)]
    public void A_product_lets_units_go_while_it_has_them_or_takes_back_orders(int stock, bool backorders, int units, bool expected) =>
        Assert.Equal(expected, new Product { StockOnHand = stock, AllowBackorder = backorders }.CanTake(units));

    private static Task<HttpResponseMessage> PutProductAsync(HttpClient client, long id, EntityTagHeaderValue etag, ProductInput input)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/products/{id}", UriKind.Relative)) { Content = JsonContent.Create(input, options: Json) };
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }
}
