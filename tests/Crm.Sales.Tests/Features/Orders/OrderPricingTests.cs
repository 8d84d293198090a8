using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders.PlaceOrder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>Issue 16: a rep cannot make up prices or costs, and orders are credited as the policy says.</summary>
public sealed class OrderPricingTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task A_rep_sells_up_to_the_configured_limit_below_list_price()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "WithinLimit");
        var products = await fixture.ProductsAsync((100m, 40m, 50), (20m, 5m, 50));

        // 10% off by price on the first line, 10% off by discount on the second (2 x 20 = 40, 4 off): the default limit.
        var order = await CreateOrderAsync(rep, new OrderInput
        {
            CustomerId = customer.Id,
            Lines = [Line(products[0], 1, unitPrice: 90m), Line(products[1], 2, discount: 4m), Line(products[1], 1, unitPrice: 25m)],
        });

        Assert.Equal([90m, 36m, 25m], order.Lines.Select(l => l.Amount));
        Assert.Equal([40m, 5m, 5m], order.Lines.Select(l => l.UnitCost)); // the catalogue's cost
    }

    [Fact]
    public async Task A_rep_pricing_beyond_the_limit_is_refused_naming_the_field_and_nothing_is_stored()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "BeyondLimit");
        var products = await fixture.ProductsAsync((457.97m, 300m, 50), (20m, 5m, 50));

        using var response = await PostOrderAsync(rep, new OrderInput
        {
            CustomerId = customer.Id,
            Lines = [Line(products[0], 1, unitPrice: 0.01m), Line(products[1], 2, discount: 4.01m)],
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadAsync<ValidationProblemDetails>(response);
        Assert.Contains("needs a Manager", Assert.Single(problem.Errors["lines[0].unitPrice"]), StringComparison.Ordinal);
        Assert.Contains(products[0].Code, problem.Errors["lines[0].unitPrice"][0], StringComparison.Ordinal);
        Assert.Contains("lines[1].discount", problem.Errors.Keys);
        Assert.Equal(50, await fixture.StockAsync(products[0].Id));
        Assert.Equal(0, await OrdersOfAsync(customer.Id));

        // In a bulk call the item is rejected on its own, with the same reason.
        using var bulk = await rep.PostAsJsonAsync(new Uri("/api/v1/orders/bulk", UriKind.Relative), new[]
        {
            new OrderInput { CustomerId = customer.Id, Lines = [Line(products[1], 1)] },
            new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1, unitPrice: 0.01m)] },
        }, Json);
        var result = await ReadAsync<BulkOrdersResult>(bulk);
        Assert.Equal((1, 1), (result.CreatedCount, result.RejectedCount));
        Assert.Contains("lines[0].unitPrice", result.Items[1].Errors!.Keys);
    }

    [Fact]
    public async Task A_manager_and_a_manager_key_price_freely_and_send_the_unit_cost()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var erp = await fixture.ApiKeyClientAsync(CrmRoles.Manager);
        var customer = await CustomerAsync(manager, "ManagerPriced");
        var products = await fixture.ProductsAsync((457.97m, 300m, 50));

        var byManager = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id,
            Lines = [new OrderLineInput { ProductCode = products[0].Code, Quantity = 1, UnitPrice = 0.01m, UnitCost = 0m }],
        });
        var byKey = await CreateOrderAsync(erp, new OrderInput
        {
            ExternalId = NewExternalId(),
            CustomerId = customer.Id,
            Lines = [new OrderLineInput { ProductCode = products[0].Code, Quantity = 1, UnitPrice = 200m, UnitCost = 250m }],
        });

        Assert.Equal((0.01m, 0m), (byManager.Lines[0].UnitPrice, byManager.Lines[0].UnitCost));
        Assert.Equal((200m, 250m), (byKey.Lines[0].UnitPrice, byKey.Lines[0].UnitCost));
    }

    [Fact]
    public async Task The_unit_cost_comes_from_the_catalogue_for_a_rep_and_a_rep_key()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var customer = await CustomerAsync(rep, "NoCost");
        var products = await fixture.ProductsAsync((457.97m, 300m, 50));

        foreach (var client in new[] { rep, shop })
        {
            using var response = await PostOrderAsync(client, new OrderInput
            {
                ExternalId = NewExternalId(),
                CustomerId = customer.Id,
                Lines = [new OrderLineInput { ProductCode = products[0].Code, Quantity = 1, UnitCost = 0m }],
            });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("catalogue", Assert.Single((await ReadAsync<ValidationProblemDetails>(response)).Errors["lines[0].unitCost"]), StringComparison.Ordinal);
        }

        var order = await CreateOrderAsync(shop, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1)] });
        Assert.Equal(300m, order.Lines[0].UnitCost);
        Assert.Equal(300m, order.PurchaseCost);
    }

    [Fact]
    public async Task An_order_a_rep_places_for_another_reps_customer_is_credited_to_the_customers_owner()
    {
        using var owner = await fixture.ClientAsync("rep@ecrm.local");
        using var other = await fixture.ClientAsync(SecondRep);
        var customer = await CustomerAsync(owner, "OwnedElsewhere"); // a rep creating a customer owns it
        var products = await fixture.ProductsAsync((10m, 4m, 50));

        var order = await CreateOrderAsync(other, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1)] });

        Assert.Equal(await fixture.UserIdAsync("rep@ecrm.local"), order.SalesRepId);
        var placedBy = await fixture.Host.QueryAsync(db => db.Set<Order>().Where(o => o.Id == order.Id).Select(o => o.CreatedBy).SingleAsync());
        Assert.Equal(await fixture.UserIdAsync(SecondRep), placedBy);

        // The credited owner works the order; the rep who typed it in does not.
        using var byOther = await other.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        using var byOwner = await owner.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
    }

    [Theory]
    [InlineData(1, 100, 90, 0, 10)]
    [InlineData(2, 20, 20, 4.01, 10.025)]
    [InlineData(3, 10, 12, 0, 0)] // above list price: nothing off
    [InlineData(1, 457.97, 0.01, 0, 99.9978)]
    public void The_share_below_list_price_counts_price_and_discount(decimal quantity, decimal listPrice, decimal unitPrice, decimal discount, decimal expected) =>
        Assert.Equal(expected, OrderPricing.BelowListPercent(quantity, listPrice, unitPrice, discount));

    [Fact]
    public void A_free_product_has_no_share_below_list() => Assert.Null(OrderPricing.BelowListPercent(1, 0, 0, 0));

    private Task<int> OrdersOfAsync(long customerId) =>
        fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.CustomerId == customerId));
}
