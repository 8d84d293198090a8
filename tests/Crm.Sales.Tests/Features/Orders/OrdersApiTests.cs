using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Orders.OrdersFixture;

namespace Crm.Sales.Tests.Features.Orders;

public sealed class OrdersApiTests(OrdersFixture fixture) : IClassFixture<OrdersFixture>
{
    [Fact]
    public async Task A_rep_places_an_order_and_reads_it_back_with_totals_computed_from_the_lines()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CustomerAsync(rep, "Buyer");
        var products = await fixture.ProductsAsync((19.99m, 7.5m, 10), (5m, null, 3));
        await fixture.AllowBackordersAsync(products[1]);

        using var response = await PostOrderAsync(rep, new OrderInput
        {
            CustomerId = customer.Id,
            Channel = SalesChannel.Phone,
            Lines = [Line(products[0], 3, discount: 2.5m), Line(products[1], 4, unitPrice: 4.75m)],
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadAsync<OrderDto>(response);
        Assert.Equal($"/api/v1/orders/{created.Id}", response.Headers.Location!.AbsolutePath);
        Assert.Equal($"\"{created.Version:N}\"", response.Headers.ETag!.Tag);
        Assert.StartsWith("SO-", created.OrderNumber, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Placed, created.Status);
        Assert.Equal(await fixture.UserIdAsync("rep@ecrm.local"), created.SalesRepId);
        var expectedFirst = 3 * 19.99m - 2.5m;
        var expectedSecond = 4 * 4.75m;
        Assert.Equal([expectedFirst, expectedSecond], created.Lines.Select(l => l.Amount));
        Assert.Equal(expectedFirst + expectedSecond, created.Total);
        Assert.Equal(expectedFirst + expectedSecond, created.PurchaseAmount);
        Assert.Equal([7.5m, (decimal?)null], created.Lines.Select(l => l.UnitCost));
        Assert.Null(created.PurchaseCost); // one line's cost is unknown
        Assert.Equal(19.99m, created.Lines[0].UnitPrice); // the list price by default

        Assert.Equal(10 - 3, await fixture.StockAsync(products[0].Id));
        Assert.Equal(3 - 4, await fixture.StockAsync(products[1].Id)); // a back order

        var read = await rep.GetFromJsonAsync<OrderDto>(new Uri($"/api/v1/orders/{created.Id}", UriKind.Relative), Json);
        Assert.Equivalent(created, read);
        Assert.Equal(customer.DisplayName, read!.CustomerName);

        var list = await rep.GetFromJsonAsync<PagedResult<OrderListItem>>(new Uri($"/api/v1/orders?customerId={customer.Id}&page=0&pageSize=10", UriKind.Relative), Json);
        var item = Assert.Single(list!.Items);
        Assert.Equal((created.Id, created.Total, 2), (item.Id, item.Total, item.LineCount));
    }

    [Fact]
    public async Task Invalid_fields_come_back_as_problem_details_naming_each_field_and_nothing_is_stored()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var products = await fixture.ProductsAsync((10m, null, 5));
        var ordersBefore = await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync());
        var stockBefore = await fixture.StockAsync(products[0].Id);

        using var response = await PostOrderAsync(rep, new OrderInput
        {
            Customer = new OrderCustomerInput { ExternalId = NewExternalId(), Email = "not-an-email", LastName = "Nobody" },
            Lines = [Line(products[0], 1), Line(products[0], 0), new OrderLineInput { ProductCode = "NO-SUCH-CODE", Quantity = 1 }],
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ReadAsync<ValidationProblemDetails>(response);
        Assert.Contains("lines[1].quantity", problem.Errors.Keys);
        Assert.Contains("customer.email", problem.Errors.Keys);
        Assert.Equal(ordersBefore, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync()));
        Assert.Equal(stockBefore, await fixture.StockAsync(products[0].Id));

        // Shape valid, but an unknown product: named too, and no customer is created for the refused order.
        var externalId = NewExternalId();
        using var unknown = await PostOrderAsync(rep, new OrderInput
        {
            Customer = new OrderCustomerInput { ExternalId = externalId, LastName = "Nobody" },
            Lines = [Line(products[0], 1), new OrderLineInput { ProductCode = "NO-SUCH-CODE", Quantity = 1 }],
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["lines[1].productCode"], (await ReadAsync<ValidationProblemDetails>(unknown)).Errors.Keys);
        Assert.Equal(ordersBefore, await fixture.Host.QueryAsync(db => db.Set<Order>().CountAsync()));
        Assert.Null(await fixture.FindCustomerByExternalIdAsync(externalId));
    }

    [Fact]
    public async Task A_new_customer_is_created_from_the_order_and_matched_by_external_id_then_by_email_afterwards()
    {
        using var shop = await fixture.ApiKeyClientAsync(CrmRoles.SalesRep);
        var products = await fixture.ProductsAsync((12m, 4m, 100));
        var customerRef = NewExternalId();
        var email = $"{customerRef}@example.com";

        var first = await CreateOrderAsync(shop, new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = customerRef, Email = email, FirstName = "Ada", LastName = "Shopper", Country = "GB" },
            Lines = [Line(products[0], 1)],
        });
        var second = await CreateOrderAsync(shop, new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { ExternalId = customerRef, LastName = "Different Name" },
            Lines = [Line(products[0], 2)],
        });
        var third = await CreateOrderAsync(shop, new OrderInput
        {
            ExternalId = NewExternalId(),
            Customer = new OrderCustomerInput { Email = email.ToUpperInvariant() },
            Lines = [Line(products[0], 3)],
        });

        Assert.NotNull(first.CustomerId);
        Assert.Equal(first.CustomerId, second.CustomerId);
        Assert.Equal(first.CustomerId, third.CustomerId);
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await manager.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{first.CustomerId}", UriKind.Relative), Json);
        Assert.Equal(("Ada", "Shopper", customerRef), (customer!.FirstName, customer.LastName, customer.ExternalId));
        Assert.Equal([email], customer.Emails);
    }

    [Fact]
    public async Task Each_order_cancellation_and_return_goes_on_the_customers_timeline()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CustomerAsync(manager, "Timeline");
        var products = await fixture.ProductsAsync((10m, 1m, 50), (2.5m, 1m, 50));
        var order = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id,
            Channel = SalesChannel.WebShop,
            Lines = [Line(products[0], 2), Line(products[1], 4)],
        });
        using (var returned = await manager.PostAsJsonAsync(new Uri($"/api/v1/orders/{order.Id}/returns", UriKind.Relative),
                   new ReturnInput { Lines = [new ReturnLineInput(products[1].Code, 1)] }, Json))
        {
            Assert.Equal(HttpStatusCode.Created, returned.StatusCode);
        }

        var second = await CreateOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Channel = SalesChannel.Store, Lines = [Line(products[0], 1)] });
        using (var cancelled = await manager.PostAsync(new Uri($"/api/v1/orders/{second.Id}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        // The entries are reported to Contacts with each change and written once it has committed.
        await fixture.Host.OutboxSettledAsync();
        var timeline = await manager.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer.Id}/interactions?pageSize=50", UriKind.Relative), Json);
        var entries = timeline!.Items.Where(i => i.Type == InteractionType.Order).OrderBy(i => i.Id).ToList();
        Assert.Equal(4, entries.Count);
        Assert.Equal($"Order {order.OrderNumber} placed: 2 lines, {2 * 10m + 4 * 2.5m:0.00}", entries[0].Subject);
        Assert.Equal((Channel.Web, order.OrderNumber), (entries[0].Channel, entries[0].OrderId));
        Assert.StartsWith($"Return {order.OrderNumber}-R1 against order {order.OrderNumber}", entries[1].Subject, StringComparison.Ordinal);
        Assert.Equal(order.OrderNumber, entries[1].OrderId);
        Assert.Equal((Channel.FaceToFace, second.OrderNumber), (entries[2].Channel, entries[2].OrderId));
        Assert.StartsWith($"Order {second.OrderNumber} cancelled", entries[3].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_filters_by_status_channel_and_date_and_finds_orders_by_number_or_customer_name()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..6];
        var customer = await CustomerAsync(manager, "Lister", firstName: marker);
        var products = await fixture.ProductsAsync((1m, null, 100));
        var old = await CreateOrderAsync(manager, new OrderInput
        {
            CustomerId = customer.Id, Channel = SalesChannel.FieldSales, OrderedAtUtc = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), Lines = [Line(products[0], 5)],
        });
        var recent = await CreateOrderAsync(manager, new OrderInput { CustomerId = customer.Id, Channel = SalesChannel.Phone, Lines = [Line(products[0], 7)] });
        using (var cancel = await manager.PostAsync(new Uri($"/api/v1/orders/{recent.Id}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        async Task<IReadOnlyList<long>> Ids(string query) =>
            [.. (await manager.GetFromJsonAsync<PagedResult<OrderListItem>>(new Uri("/api/v1/orders?" + query, UriKind.Relative), Json))!.Items.Select(i => i.Id)];

        Assert.Equal([recent.Id, old.Id], await Ids($"search={marker}"));
        Assert.Equal([old.Id, recent.Id], await Ids($"search={marker}&sort=Total&descending=false"));
        Assert.Equal([recent.Id], await Ids($"search={marker}&status=Cancelled"));
        Assert.Equal([old.Id], await Ids($"search={marker}&channel=FieldSales"));
        Assert.Equal([old.Id], await Ids($"customerId={customer.Id}&from=2024-01-01&to=2024-12-31"));
        Assert.Equal([old.Id], await Ids($"search={Uri.EscapeDataString(old.OrderNumber)}"));
    }
}
