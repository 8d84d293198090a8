using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class OrderAccessTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task A_service_agent_reads_orders_but_cannot_place_one_and_nothing_is_stored()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        using var agentKey = await fixture.ApiKeyClientAsync(CrmRoles.ServiceAgent);
        var customer = await CustomerAsync(rep, "AgentSees");
        var products = await fixture.ProductsAsync((5m, 2m, 10));
        var order = await CreateOrderAsync(rep, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1)] });

        using (var read = await agent.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var refused = await PostOrderAsync(agent, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 2)] });
        using var refusedKey = await PostOrderAsync(agentKey, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 3)] });
        using var refusedBulk = await agent.PostAsJsonAsync(new Uri("/api/v1/orders/bulk", UriKind.Relative),
            new[] { new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 4)] } }, Json);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedBulk.StatusCode);
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.CustomerId == customer.Id)));
        Assert.Equal(9, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task A_rep_cannot_cancel_or_return_another_reps_order_and_nothing_changes_but_the_credited_rep_can()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var otherRep = await fixture.ClientAsync(SecondRep);
        var customer = await CustomerAsync(rep, "Credited");
        var products = await fixture.ProductsAsync((5m, 2m, 10));
        var order = await CreateOrderAsync(rep, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 2)] });
        var before = await StateAsync(order.Id);

        using var cancel = await otherRep.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null);
        using var returned = await otherRep.PostAsJsonAsync(new Uri($"/api/v1/orders/{order.Id}/returns", UriKind.Relative),
            new ReturnInput { Lines = [new ReturnLineInput(products[0].Code, 1)] }, Json);

        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, returned.StatusCode);
        Assert.Equal(before, await StateAsync(order.Id));
        Assert.Equal(8, await fixture.StockAsync(products[0].Id));

        using var own = await rep.PostAsync(new Uri($"/api/v1/orders/{order.Id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(10, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task An_integration_key_with_the_SalesRep_role_places_orders_credited_to_the_customers_owner()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var customer = await CustomerAsync(rep, "Owned"); // a rep creating a customer owns it
        var products = await fixture.ProductsAsync((5m, 2m, 10));

        var order = await CreateOrderAsync(shop, new OrderInput { ExternalId = NewExternalId(), CustomerId = customer.Id, Lines = [Line(products[0], 1)] });

        Assert.Equal("api", order.Source);
        Assert.Equal(customer.OwnerId, order.SalesRepId);
        Assert.Equal(await fixture.UserIdAsync("rep@ecrm.local"), order.SalesRepId);
    }

    private Task<string> StateAsync(long orderId) => fixture.Host.QueryAsync(async db =>
    {
        var orders = await db.Set<Order>().Where(o => o.Id == orderId || o.OriginalOrderId == orderId)
            .Select(o => $"{o.Id}:{o.Status}:{o.Version}:{o.Total}").ToListAsync();
        return string.Join(",", orders);
    });
}
