using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class OrderEventsTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task OrderChanged_is_raised_after_commit_for_placed_returned_and_cancelled_orders_and_not_for_refused_ones()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(manager, "Evented");
        var products = await fixture.ProductsAsync((5m, 2m, 10));

        var order = await CreateOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 3)] });
        using (var returned = await manager.PostAsJsonAsync(new Uri($"/api/v1/orders/{order.Id}/returns", UriKind.Relative),
                   new ReturnInput { Lines = [new ReturnLineInput(products[0].Code, 1)] }, Json))
        {
            Assert.Equal(HttpStatusCode.Created, returned.StatusCode);
        }

        var second = await CreateOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1)] });
        using (var cancelled = await manager.PostAsync(new Uri($"/api/v1/orders/{second.Id}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        using (var refused = await PostOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], -1)] }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await fixture.Host.OutboxSettledAsync();
        var mine = fixture.Events.Events.Where(e => e.Event.CustomerId == customer.Id).ToList();
        Assert.Equal(
            [(order.Id, OrderChange.Placed), (order.Id, OrderChange.Returned), (second.Id, OrderChange.Placed), (second.Id, OrderChange.Cancelled)],
            mine.Select(e => (e.Event.OrderId, e.Event.Change)));
        // Each handler ran after the commit: from its own connection it found the order (in that state or a later one).
        Assert.All(mine, e => Assert.NotNull(e.CommittedStatus));
    }

    [Fact]
    public async Task Merging_two_customers_moves_orders_opportunities_and_converted_leads_to_the_survivor()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CustomerAsync(manager, "Survivor");
        var merged = await CustomerAsync(manager, "Merged");
        var products = await fixture.ProductsAsync((5m, 2m, 10));
        var survivorOrder = await CreateOrderAsync(manager, new OrderInput { CustomerId = survivor.Id, Lines = [Line(products[0], 1)] });
        var mergedOrders = new[]
        {
            await CreateOrderAsync(manager, new OrderInput { CustomerId = merged.Id, Lines = [Line(products[0], 1)] }),
            await CreateOrderAsync(manager, new OrderInput { CustomerId = merged.Id, Lines = [Line(products[0], 2)] }),
        };
        var (opportunityId, leadId) = await fixture.Host.QueryAsync(async db =>
        {
            var opportunity = new Opportunity { Name = "Merge me", CustomerId = merged.Id, StageId = 1, OwnerId = "x", ExpectedCloseDate = new DateOnly(2030, 1, 1) };
            var lead = new Lead { LastName = "Lead", Source = "test", ConvertedCustomerId = merged.Id };
            db.AddRange(opportunity, lead);
            await db.SaveChangesAsync();
            return (opportunity.Id, lead.Id);
        });

        // Read both versions fresh once the orders' timeline entries are written.
        await fixture.Host.OutboxSettledAsync();
        var survivorNow = await manager.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{survivor.Id}", UriKind.Relative), Json);
        var mergedNow = await manager.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{merged.Id}", UriKind.Relative), Json);
        using var merge = await manager.PostAsJsonAsync(new Uri($"/api/v1/customers/{survivor.Id}/merge", UriKind.Relative),
            new MergeCustomersRequest { MergedId = merged.Id, SurvivorVersion = survivorNow!.Version, MergedVersion = mergedNow!.Version }, Json);
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        // Sales hears of the merge through the outbox, once it has committed.
        await fixture.Host.OutboxSettledAsync();

        var orderCustomers = await fixture.Host.QueryAsync(db => db.Set<Order>()
            .Where(o => o.Id == survivorOrder.Id || o.Id == mergedOrders[0].Id || o.Id == mergedOrders[1].Id).Select(o => o.CustomerId).ToListAsync());
        Assert.All(orderCustomers, c => Assert.Equal(survivor.Id, c));
        Assert.Equal(survivor.Id, await fixture.Host.QueryAsync(db => db.Set<Opportunity>().Where(o => o.Id == opportunityId).Select(o => o.CustomerId).SingleAsync()));
        Assert.Equal(survivor.Id, await fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == leadId).Select(l => l.ConvertedCustomerId).SingleAsync()));
        var list = await manager.GetFromJsonAsync<PagedResult<OrderListItem>>(new Uri($"/api/v1/orders?customerId={survivor.Id}", UriKind.Relative), Json);
        Assert.Equal(3, list!.TotalCount);
    }
}
