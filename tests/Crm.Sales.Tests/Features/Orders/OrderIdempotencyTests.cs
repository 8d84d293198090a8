using System.Net;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class OrderIdempotencyTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task The_same_order_sent_twice_is_stored_once_and_the_replay_answers_200_with_the_stored_order()
    {
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var products = await fixture.ProductsAsync((3m, 1m, 20));
        var order = new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = NewExternalId(), LastName = "Replay" },
            Lines = [Line(products[0], 2)],
        };

        var created = await CreateOrderAsync(shop, order);
        // The same content re-formatted (other letter case of the code, 2.0 for 2) is the same order.
        using var replay = await PostOrderAsync(shop, order with { Lines = [new OrderLineInput { ProductCode = products[0].Code.ToLowerInvariant(), Quantity = 2.0m }] });

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(created.Id, (await ReadAsync<OrderDto>(replay)).Id);
        Assert.Equal(1, await CountAsync(order.ExternalId!));
        Assert.Equal(20 - 2, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task The_same_external_id_with_other_content_is_a_409_and_changes_nothing()
    {
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var products = await fixture.ProductsAsync((3m, 1m, 20));
        var order = new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = NewExternalId(), LastName = "Conflict" },
            Lines = [Line(products[0], 2)],
        };
        var created = await CreateOrderAsync(shop, order);

        using var conflict = await PostOrderAsync(shop, order with { Lines = [Line(products[0], 5)] });

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains(order.ExternalId!, (await ReadAsync<ProblemDetails>(conflict)).Detail, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(order.ExternalId!));
        Assert.Equal(created.Total, await fixture.Host.QueryAsync(db => db.Set<Order>().Where(o => o.Id == created.Id).Select(o => o.Total).SingleAsync()));
        Assert.Equal(20 - 2, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_a_409_and_with_the_same_body_replays()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "Keyed");
        var products = await fixture.ProductsAsync((3m, 1m, 20));
        var key = Guid.NewGuid().ToString();
        var order = new OrderInput { CustomerId = customer.Id, Lines = [Line(products[0], 1)] };

        using var first = await PostOrderAsync(rep, order, key);
        using var again = await PostOrderAsync(rep, order, key);
        using var other = await PostOrderAsync(rep, order with { Lines = [Line(products[0], 9)] }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await ReadAsync<OrderDto>(first)).Id, (await ReadAsync<OrderDto>(again)).Id);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.CustomerId == customer.Id)));
        Assert.Equal(20 - 1, await fixture.StockAsync(products[0].Id));
    }

    [Fact]
    public async Task Concurrent_replays_of_the_same_orders_store_each_exactly_once()
    {
        var products = await fixture.ProductsAsync((2m, 1m, 1000), (7m, 3m, 1000));
        var orders = Enumerable.Range(0, 12).Select(i => new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = $"race-customer-{i % 3}-{products[0].Code}", LastName = $"Racer {i % 3}" },
            Lines = [Line(products[0], 1 + (i % 4)), Line(products[1], 1)],
        }).ToList();
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.ApiKeyClientAsync(CrmRoles.SalesRep)));

        var statuses = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var seen = new List<HttpStatusCode>();
            foreach (var order in orders)
            {
                using var response = await PostOrderAsync(client, order);
                seen.Add(response.StatusCode);
            }

            return seen;
        })));

        Assert.All(statuses.SelectMany(s => s), s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK, $"got {s}"));
        Assert.Equal(orders.Count, statuses.SelectMany(s => s).Count(s => s == HttpStatusCode.Created));
        foreach (var order in orders)
        {
            Assert.Equal(1, await CountAsync(order.ExternalId!));
        }

        // Stock moved once per order; three customers created once each.
        Assert.Equal(1000 - orders.Sum(o => (int)o.Lines![0].Quantity), await fixture.StockAsync(products[0].Id));
        Assert.Equal(1000 - orders.Count, await fixture.StockAsync(products[1].Id));
        var customers = await fixture.Host.QueryAsync(db => db.Set<Order>().Where(o => orders.Select(x => x.ExternalId).Contains(o.ExternalId))
            .Select(o => o.CustomerId).Distinct().CountAsync());
        Assert.Equal(3, customers);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_first_order_that_loses_the_race_to_register_its_new_customer_is_placed_for_the_winner()
    {
        var products = await fixture.ProductsAsync((3m, 1m, 1000));
        var customerRef = "first-order-race-" + products[0].Code;
        using var client = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var first = new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = customerRef, LastName = "First Order" },
            Lines = [Line(products[0], 1)],
        };
        using (var created = await PostOrderAsync(client, first))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // The second order's look-up misses the customer the first one just registered (the race window): the
        // registration then reports the external id taken, and the order must go to that customer, not fail.
        fixture.Host.Services.GetRequiredService<StaleExternalIdLookups>().MissOnce(customerRef);
        var second = first with { ExternalId = NewExternalId() };
        using var response = await PostOrderAsync(client, second);

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var customerIds = await fixture.Host.QueryAsync(db => db.Set<Order>().Where(o => o.ExternalId == first.ExternalId || o.ExternalId == second.ExternalId)
            .Select(o => o.CustomerId).ToListAsync());
        Assert.Equal(2, customerIds.Count);
        Assert.Single(customerIds.Distinct());
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.Conflict)]
    public async Task An_order_stored_by_another_call_between_the_check_and_the_write_is_answered_as_replay_or_conflict(
        bool otherContent, HttpStatusCode expected)
    {
        var products = await fixture.ProductsAsync((4m, 1m, 100));
        var customerRef = "write-race-" + products[0].Code;
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        using var other = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var first = new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = customerRef, LastName = "Write Race" },
            Lines = [Line(products[0], 1)],
        };
        await CreateOrderAsync(shop, first);

        // The order's external id is checked (not stored yet), then, while its customer is looked up, another call
        // stores the same external id: the unique index refuses the write, and the order is judged against the stored one.
        var order = first with { ExternalId = NewExternalId(), Lines = [Line(products[0], 2)] };
        var racing = otherContent ? order with { Lines = [Line(products[0], 3)] } : order;
        HttpStatusCode? racingStatus = null;
        fixture.Host.Services.GetRequiredService<StaleExternalIdLookups>().InterruptOnce(customerRef, async () =>
        {
            using var response = await PostOrderAsync(other, racing);
            racingStatus = response.StatusCode;
        });
        using var late = await PostOrderAsync(shop, order);

        Assert.Equal(HttpStatusCode.Created, racingStatus);
        Assert.True(late.StatusCode == expected, $"{late.StatusCode}: {await late.Content.ReadAsStringAsync()}");
        Assert.Equal(1, await CountAsync(order.ExternalId!));
        Assert.Equal(100 - 1 - racing.Lines![0].Quantity, await fixture.StockAsync(products[0].Id));
        var stored = await fixture.Host.QueryAsync(db => db.Set<Order>().Where(o => o.ExternalId == order.ExternalId).Select(o => o.LineCount).SingleAsync());
        Assert.Equal(1, stored);
    }

    private Task<int> CountAsync(string externalId) =>
        fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync(o => o.ExternalId == externalId));
}
