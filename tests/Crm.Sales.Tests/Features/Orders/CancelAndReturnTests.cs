using System.Net;
using System.Net.Http.Json;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class CancelAndReturnTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task Returns_are_limited_to_what_was_bought_put_stock_back_and_move_the_order_to_partially_and_fully_returned()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(manager, "Returner");
        var products = await fixture.ProductsAsync((20m, 8m, 50), (4m, 1m, 50));
        var order = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id,
            // Two lines of the same product at different prices, and a discount to be shared back.
            Lines = [Line(products[0], 3, discount: 6m), Line(products[1], 5), Line(products[0], 1, unitPrice: 15m)],
        });
        Assert.Equal(50 - 4, await fixture.StockAsync(products[0].Id));

        using (var tooMany = await ReturnAsync(manager, order.Id, (products[0].Code, 5m)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
            Assert.Contains("lines[0].quantity", (await ReadAsync<ValidationProblemDetails>(tooMany)).Errors.Keys);
        }

        using (var notOnOrder = await ReturnAsync(manager, order.Id, ("NOT-ON-IT", 1m)))
        {
            Assert.Contains("lines[0].productCode", (await ReadAsync<ValidationProblemDetails>(notOnOrder)).Errors.Keys);
        }

        Assert.Equal(50 - 4, await fixture.StockAsync(products[0].Id));

        // 2 of the first line's 3: refund 2 x 20 less 2/3 of its 6.00 discount.
        using var partial = await ReturnAsync(manager, order.Id, (products[0].Code, 2m));
        Assert.Equal(HttpStatusCode.Created, partial.StatusCode);
        var firstReturn = await ReadAsync<OrderDto>(partial);
        Assert.Equal((OrderKind.Return, order.Id, $"{order.OrderNumber}-R1"), (firstReturn.Kind, firstReturn.OriginalOrderId, firstReturn.OrderNumber));
        Assert.Equal(-(2 * 20m - 6m * 2 / 3), firstReturn.Total);
        Assert.Equal([-2m], firstReturn.Lines.Select(l => l.Quantity));
        Assert.Equal(50 - 4 + 2, await fixture.StockAsync(products[0].Id));
        var afterPartial = await GetAsync(manager, order.Id);
        Assert.Equal(OrderStatus.PartiallyReturned, afterPartial.Status);
        Assert.Equal(order.Total, afterPartial.Total); // the sale itself keeps its amounts; the return document carries the refund
        Assert.Equal([firstReturn.Id], afterPartial.Returns.Select(r => r.Id));

        // 2 more of the product: 1 left on the first line (20.00 less a third of 6.00) and 1 of the second line (15.00).
        using (var over = await ReturnAsync(manager, order.Id, (products[0].Code, 1m), (products[0].Code, 2m)))
        {
            Assert.Contains("lines[1].quantity", (await ReadAsync<ValidationProblemDetails>(over)).Errors.Keys);
        }

        using var rest = await ReturnAsync(manager, order.Id, (products[0].Code, 2m), (products[1].Code, 5m));
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        var secondReturn = await ReadAsync<OrderDto>(rest);
        Assert.Equal(-(20m - 2m + 15m + 5 * 4m), secondReturn.Total);
        var final = await GetAsync(manager, order.Id);
        Assert.Equal(OrderStatus.Returned, final.Status);
        Assert.Equal(0m, final.Total + final.Returns.Sum(r => r.Total));
        Assert.Equal(50, await fixture.StockAsync(products[0].Id));
        Assert.Equal(50, await fixture.StockAsync(products[1].Id));

        using var nothingLeft = await ReturnAsync(manager, order.Id, (products[1].Code, 1m));
        Assert.Equal(HttpStatusCode.BadRequest, nothingLeft.StatusCode);
        using var cancel = await manager.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("application/problem+json", cancel.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Record a return instead", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Returned, (await GetAsync(manager, order.Id)).Status);
    }

    [Fact]
    public async Task Cancelling_a_placed_order_puts_stock_back_and_it_no_longer_counts_as_a_purchase()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(manager, "Canceller");
        var products = await fixture.ProductsAsync((9m, 3m, 10));
        var order = await CreateOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 4)] });
        Assert.True(order.IsPurchase);
        Assert.Equal(6, await fixture.StockAsync(products[0].Id));

        using var stale = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative));
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{Guid.NewGuid():N}\"");
        using (var refused = await manager.SendAsync(stale))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{order.Version:N}\"");
        using var response = await manager.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await ReadAsync<OrderDto>(response);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.False(cancelled.IsPurchase);
        Assert.Equal(0m, cancelled.PurchaseAmount);
        Assert.Equal(10, await fixture.StockAsync(products[0].Id));

        using (var again = await manager.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode); // cancelling twice changes nothing
        }

        Assert.Equal(10, await fixture.StockAsync(products[0].Id));
        using var returnAfter = await ReturnAsync(manager, order.Id, (products[0].Code, 1m));
        Assert.Equal(HttpStatusCode.Conflict, returnAfter.StatusCode);
        Assert.Equal(0, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.OriginalOrderId == order.Id)));
    }

    private static Task<HttpResponseMessage> ReturnAsync(HttpClient client, long orderId, params (string Code, decimal Quantity)[] lines) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/orders/{orderId}/returns", UriKind.Relative),
            new ReturnInput { Lines = [.. lines.Select(l => new ReturnLineInput(l.Code, l.Quantity))] }, Json);

    private static async Task<OrderDto> GetAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<OrderDto>(new Uri($"/api/v1/orders/{id}", UriKind.Relative), Json))!;
}
