using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>
/// One real host per test class (Kestrel, fresh SQLite file) with a second sales rep, a recorder of <see cref="OrderChanged"/>
/// events, and helpers to seed products and call the orders API the way an integration does.
/// </summary>
public sealed class OrdersFixture : IAsyncLifetime
{
    public const string SecondRep = "rep2@ecrm.local";
    public const string SecondRepPassword = "Second-Rep-Passw0rd";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public OrdersFixture()
    {
        Host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" },
            configureServices: services =>
            {
                services.AddSingleton<ReceivedOrderEvents>();
                services.AddIntegrationEventHandler<OrderChanged, RecordingOrderHandler>();

                // The real directory behind a decorator that can make one external-id look-up miss (race tests).
                var directory = services.Last(d => d.ServiceType == typeof(ICustomerDirectory));
                var implementation = directory.ImplementationType!;
                services.Remove(directory);
                services.Add(new ServiceDescriptor(implementation, implementation, directory.Lifetime));
                services.AddSingleton<StaleExternalIdLookups>();
                services.Add(new ServiceDescriptor(typeof(ICustomerDirectory), sp => new StaleLookupDirectory(
                    (ICustomerDirectory)sp.GetRequiredService(implementation), sp.GetRequiredService<StaleExternalIdLookups>()), directory.Lifetime));
            });
    }

    public CrmWebHost Host { get; }

    public ReceivedOrderEvents Events => Host.Services.GetRequiredService<ReceivedOrderEvents>();

    public async Task InitializeAsync()
    {
        Host.StartServer();
        await using var scope = AdminScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(SecondRep, "Second Rep", CrmRoles.SalesRep, SecondRepPassword));
        Assert.True(created.Succeeded, created.ToString());
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public Task<HttpClient> ClientAsync(string email) =>
        email == SecondRep ? Host.SignedInClientAsync(email, SecondRepPassword) : Host.SignedInClientAsync(email);

    public async Task<HttpClient> ApiKeyClientAsync(string role)
    {
        await using var scope = AdminScope();
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Shop {Guid.NewGuid():N}"[..20], role);
        Assert.True(result.Succeeded, result.ToString());
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key!.Key);
        return client;
    }

    public async Task<string> UserIdAsync(string email) =>
        await Host.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Adds products with unique codes (prefixed per test) and returns them as stored.</summary>
    internal async Task<IReadOnlyList<Product>> ProductsAsync(params (decimal ListPrice, decimal? UnitCost, int Stock)[] specs)
    {
        var prefix = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var products = specs.Select((s, i) => new Product
        {
            Code = $"{prefix}-{i + 1}",
            Name = $"Test product {prefix} {i + 1}",
            SearchName = $"TEST PRODUCT {prefix} {i + 1}",
            ListPrice = s.ListPrice,
            UnitCost = s.UnitCost,
            StockOnHand = s.Stock,
        }).ToList();
        await using var scope = AdminScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        db.AddRange(products);
        await db.SaveChangesAsync();
        return products;
    }

    /// <summary>Lets orders take the product's stock below zero (back orders).</summary>
    internal async Task AllowBackordersAsync(Product product)
    {
        await using var scope = AdminScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await db.Set<Product>().Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.AllowBackorder, true));
    }

    public Task<int> StockAsync(long productId) =>
        Host.QueryAsync(db => db.Set<Product>().Where(p => p.Id == productId).Select(p => p.StockOnHand).SingleAsync());

    public async Task<CustomerSummary?> FindCustomerByExternalIdAsync(string externalId)
    {
        await using var scope = AdminScope();
        return await scope.ServiceProvider.GetRequiredService<ICustomerDirectory>().FindByExternalIdAsync(externalId);
    }

    public static async Task<CustomerDetails> CustomerAsync(HttpClient client, string lastName, string? email = null, string firstName = "Test")
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = firstName,
            LastName = lastName,
            Emails = email is null ? [] : [email],
        }, Json);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
    }

    public static Task<HttpResponseMessage> PostOrderAsync(HttpClient client, object order, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(order, options: Json),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotentAttribute.HeaderName, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<OrderDto> CreateOrderAsync(HttpClient client, OrderInput order)
    {
        using var response = await PostOrderAsync(client, order);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<OrderDto>(Json))!;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>(Json))!;

    internal static OrderLineInput Line(Product product, decimal quantity, decimal? unitPrice = null, decimal? discount = null) => new()
    {
        ProductCode = product.Code,
        Quantity = quantity,
        UnitPrice = unitPrice,
        Discount = discount,
    };

    public static string NewExternalId() => "shop-" + Guid.NewGuid().ToString("N");

    private AsyncServiceScope AdminScope()
    {
        var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        return scope;
    }
}

/// <summary>A received event and the order's status another connection saw when the handler ran (null: not there).</summary>
public sealed record ReceivedOrderEvent(OrderChanged Event, OrderStatus? CommittedStatus);

public sealed class ReceivedOrderEvents
{
    public ConcurrentQueue<ReceivedOrderEvent> Events { get; } = new();
}

/// <summary>Records each event and the order's status as another connection sees it at that moment.</summary>
internal sealed class RecordingOrderHandler(ReceivedOrderEvents received, IDbContextFactory<CrmDbContext> contexts) : IIntegrationEventHandler<OrderChanged>
{
    public async Task HandleAsync(IReadOnlyList<EventEnvelope<OrderChanged>> events, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var integrationEvent in events.Select(e => e.Event))
        {
            var status = await db.Set<Order>().Where(o => o.Id == integrationEvent.OrderId).Select(o => (OrderStatus?)o.Status)
                .SingleOrDefaultAsync(cancellationToken);
            received.Events.Enqueue(new ReceivedOrderEvent(integrationEvent, status));
        }
    }
}
