using Crm.Analytics.Contracts;
using Crm.Api.Client;
using Crm.Api.Client.Models;
using Crm.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Crm.ApiClient.Tests;

/// <summary>
/// An integrator's ordinary day with the client Kiota generates from the document: list and create customers with an
/// Idempotency-Key, read with the ETag, update with If-Match, set up a product, place orders, and read the customer's
/// value. Enum values, headers and error bodies are what the document promises.
/// </summary>
[Collection(ApiHostCollection.Name)]
public sealed class IntegratorFlowTests(ApiHostFixture fixture)
{
    private readonly CrmApiClient api = fixture.Client(CrmRoles.Manager);

    [Fact]
    public async Task Customers_are_created_once_per_idempotency_key_and_updated_only_with_the_current_etag()
    {
        var email = $"ada.{Guid.NewGuid():N}@example.com";
        var input = new CustomerInput { Kind = CustomerKind.Person, FirstName = "Ada", LastName = "Lovelace", Emails = [email], Tags = ["api"] };
        var key = Guid.NewGuid().ToString();

        var firstHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await api.Api.V1.Customers.PostAsync(input, config =>
        {
            config.Headers.Add("Idempotency-Key", key);
            config.Options.Add(firstHeaders);
        });
        Assert.NotNull(created);
        Assert.Equal(CustomerKind.Person, created.Kind);
        Assert.Equal([email], created.Emails);
        var etag = Assert.Single(firstHeaders.ResponseHeaders["ETag"]);
        Assert.Contains($"/api/v1/customers/{created.Id}", Assert.Single(firstHeaders.ResponseHeaders["Location"]), StringComparison.Ordinal);

        var replayHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var replayed = await api.Api.V1.Customers.PostAsync(input, config =>
        {
            config.Headers.Add("Idempotency-Key", key);
            config.Options.Add(replayHeaders);
        });
        Assert.Equal(created.Id, replayed!.Id);
        Assert.Equal("true", Assert.Single(replayHeaders.ResponseHeaders["Idempotent-Replayed"]));
        Assert.Equal(etag, Assert.Single(replayHeaders.ResponseHeaders["ETag"]));

        var sameKeyOtherBody = await Assert.ThrowsAsync<ProblemDetails>(() => api.Api.V1.Customers.PostAsync(
            new CustomerInput { Kind = CustomerKind.Person, LastName = "Other" }, config => config.Headers.Add("Idempotency-Key", key)));
        Assert.Equal(409, sameKeyOtherBody.Status);
        Assert.False(string.IsNullOrEmpty(sameKeyOtherBody.TraceId));

        var page = await api.Api.V1.Customers.GetAsync(config => config.QueryParameters.Search = email);
        Assert.Equal(created.Id, Assert.Single(page!.Items!).Id);
        Assert.Equal(CustomerKind.Person, page.Items![0].Kind);

        var readHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var read = await api.Api.V1.Customers[created.Id!.Value].GetAsync(config => config.Options.Add(readHeaders));
        Assert.Equal(etag, Assert.Single(readHeaders.ResponseHeaders["ETag"]));

        var missingIfMatch = await Assert.ThrowsAsync<ProblemDetails>(() => api.Api.V1.Customers[created.Id.Value].PutAsync(ChangedCity(read!)));
        Assert.Equal(428, missingIfMatch.Status);
        Assert.Contains("If-Match", missingIfMatch.Detail, StringComparison.Ordinal);

        var updateHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var updated = await api.Api.V1.Customers[created.Id.Value].PutAsync(ChangedCity(read!), config =>
        {
            config.Headers.Add("If-Match", etag);
            config.Options.Add(updateHeaders);
        });
        Assert.Equal("Lyon", updated!.Address!.City);
        var newEtag = Assert.Single(updateHeaders.ResponseHeaders["ETag"]);
        Assert.NotEqual(etag, newEtag);

        var stale = await Assert.ThrowsAsync<ProblemDetails>(() => api.Api.V1.Customers[created.Id.Value].PutAsync(ChangedCity(read!),
            config => config.Headers.Add("If-Match", etag)));
        Assert.Equal(412, stale.Status);
        Assert.Equal("Precondition Failed", stale.Title);
    }

    [Fact]
    public async Task Invalid_fields_come_back_by_name_in_the_problem_errors()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => api.Api.V1.Customers.PostAsync(
            new CustomerInput { Kind = CustomerKind.Person, FirstName = "No", Emails = ["not-an-email"] }));
        Assert.Equal(400, problem.Status);
        Assert.NotNull(problem.Errors);
        Assert.NotEmpty(problem.Errors.AdditionalData);
        Assert.Contains(problem.Errors.AdditionalData.Keys, field => field.Contains("mail", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Orders_are_placed_with_exact_money_and_named_statuses_and_the_customers_value_follows()
    {
        var code = $"API-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var product = await api.Api.V1.Products.PostAsync(new ProductInput
        {
            Code = code, Name = "Contract test lamp", Category = "Lamps", ListPrice = 19.99m, UnitCost = 7.10m, StockOnHand = 50,
        });
        Assert.Equal(19.99m, product!.ListPrice);

        var customer = await api.Api.V1.Customers.PostAsync(new CustomerInput
        {
            Kind = CustomerKind.Person, FirstName = "Grace", LastName = "Hopper", Emails = [$"grace.{Guid.NewGuid():N}@example.com"],
        });

        var noFigures = await Assert.ThrowsAsync<ProblemDetails>(() => api.Api.V1.Customers[customer!.Id!.Value].Value.GetAsync());
        Assert.Equal(404, noFigures.Status);
        Assert.NotNull(noFigures.Reason);

        var first = await api.Api.V1.Orders.PostAsync(new OrderInput
        {
            CustomerId = customer!.Id, Channel = SalesChannel.WebShop, OrderedAtUtc = DateTimeOffset.UtcNow.AddDays(-40),
            Lines = [new OrderLineInput { ProductCode = code, Quantity = 3, UnitPrice = 0.10m }],
        });
        Assert.Equal(OrderStatus.Placed, first!.Status);
        Assert.Equal(OrderKind.Sale, first.Kind);
        Assert.Equal(SalesChannel.WebShop, first.Channel);
        Assert.Equal(0.30m, first.Total);

        var second = await api.Api.V1.Orders.PostAsync(new OrderInput
        {
            CustomerId = customer.Id, Channel = SalesChannel.Phone, OrderedAtUtc = DateTimeOffset.UtcNow.AddDays(-5),
            Lines = [new OrderLineInput { ProductCode = code, Quantity = 2 }],
        });
        Assert.Equal(39.98m, second!.Total);

        var cancelled = await api.Api.V1.Orders[second.Id!.Value].Cancel.PostAsync();
        Assert.Equal(OrderStatus.Cancelled, cancelled!.Status);

        // What the nightly job does; then the value is there for the integration to read.
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<ICustomerValueJobs>()
                .RecomputeAsync(DateOnly.FromDateTime(DateTime.UtcNow), "Contract test", "test");
            Assert.Equal("Succeeded", run.Status);
        }

        var value = await api.Api.V1.Customers[customer.Id!.Value].Value.GetAsync();
        Assert.Equal(customer.Id, value!.CustomerId);
        Assert.Equal(1, value.Frequency);
        Assert.Equal(0.30m, value.Monetary);
    }

    [Fact]
    public async Task A_role_that_may_not_see_the_dashboards_gets_a_403_problem()
    {
        var rep = fixture.Client(CrmRoles.SalesRep);
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => rep.Api.V1.Analytics.Rfm.GetAsync());
        Assert.Equal(403, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    private static CustomerInput ChangedCity(CustomerDetails customer) => new()
    {
        Kind = customer.Kind,
        FirstName = customer.FirstName,
        LastName = customer.LastName,
        Emails = customer.Emails,
        Tags = customer.Tags,
        Address = new AddressDto { City = "Lyon", Country = "FR" },
    };
}
