using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.History;
using Crm.Testing;
using Crm.Testing.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Providers;

/// <summary>
/// The Sales writes and reads that go past EF's usual path, on each provider: the order writer (bulk writer inserts, the
/// stock counter, the outbox at commit), cancel and return, the timeline entries Contacts writes from the outbox, and the
/// sales history's raw reading, compared with EF's.
/// </summary>
public sealed class OrderDataAccessTests
{
    [SkippableTheory]
    [DatabaseData]
    public async Task Orders_are_placed_cancelled_returned_and_read_back_alike(DatabaseProvider provider)
    {
        var (settings, skipReason) = await TestDatabases.HostSettingsAsync(provider);
        Skip.If(skipReason is not null, skipReason);
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings);
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");

        using (var product = await manager.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative),
                   new ProductInput { Code = "PROV-1", Name = "Provider lamp", ListPrice = 12.3456m, UnitCost = 5.10m, StockOnHand = 40 }, Json))
        {
            Assert.Equal(HttpStatusCode.Created, product.StatusCode);
        }

        var customer = await CustomerAsync(manager, "Provider");
        var first = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id,
            OrderedAtUtc = new DateTime(2026, 3, 1, 10, 15, 30, 123, DateTimeKind.Utc),
            Lines = [new OrderLineInput { ProductCode = "PROV-1", Quantity = 3, Discount = 0.0368m }],
        });
        var second = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id,
            Lines = [new OrderLineInput { ProductCode = "PROV-1", Quantity = 2 }],
        });
        Assert.Equal(37m, first.Total); // 3 x 12.3456 - 0.0368, exactly
        using (var cancel = await manager.PostAsync(new Uri($"/api/v1/orders/{second.Id}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using (var returned = await manager.PostAsJsonAsync(new Uri($"/api/v1/orders/{first.Id}/returns", UriKind.Relative),
                   new ReturnInput { Lines = [new ReturnLineInput("PROV-1", 1)] }, Json))
        {
            Assert.Equal(HttpStatusCode.Created, returned.StatusCode);
        }

        // Stock: 40 - 3 - 2 + 2 (cancelled) + 1 (returned).
        Assert.Equal(38, await host.QueryAsync(db => db.Set<Product>().Where(p => p.Code == "PROV-1").Select(p => p.StockOnHand).SingleAsync()));
        Assert.Equal(OrderStatus.PartiallyReturned, await host.QueryAsync(db => db.Set<Order>().Where(o => o.Id == first.Id).Select(o => o.Status).SingleAsync()));

        await host.OutboxSettledAsync();
        var timeline = await manager.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer.Id}/interactions?pageSize=50", UriKind.Relative), Json);
        Assert.Equal(4, timeline!.Items.Count(i => i.Type == InteractionType.Order));
        Assert.NotNull((await manager.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{customer.Id}", UriKind.Relative), Json))!.LastContactAtUtc);

        await using var scope = host.Services.CreateAsyncScope();
        var history = (SalesHistory)scope.ServiceProvider.GetRequiredService<ISalesHistory>();
        var raw = await history.StreamPurchasesAsync().ToListAsync();
        var ef = await history.StreamPurchasesThroughEfAsync().ToListAsync();
        Assert.Equal(ef, raw);
        var purchase = Assert.Single(raw);
        Assert.Equal((customer.Id, new DateTime(2026, 3, 1, 10, 15, 30, 123, DateTimeKind.Utc), 37m, 15.30m),
            (purchase.CustomerId, purchase.OrderedAtUtc, purchase.PurchaseAmount, purchase.PurchaseCost));
        Assert.Equal(DateTimeKind.Utc, purchase.OrderedAtUtc.Kind);
    }
}
