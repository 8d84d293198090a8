using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Products;

/// <summary>One real host (no demo customers or sales data) per test class, with API keys for an ERP (Manager) and a web shop (SalesRep).</summary>
public sealed class ProductsFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
        new Dictionary<string, string?> { ["DemoData:Customers"] = "0", ["DemoData:OrdersPerCustomer"] = "0" });

    public string ManagerKey { get; private set; } = "";

    public string SalesRepKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host.StartServer();
        ManagerKey = await IssueAsync("ERP", CrmRoles.Manager);
        SalesRepKey = await IssueAsync("Web shop", CrmRoles.SalesRep);
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public HttpClient ApiKeyClient(string key)
    {
        var client = Host.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key);
        return client;
    }

    public static async Task<ProductDetails> CreateAsync(HttpClient client, ProductInput input)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative), input, Json);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ProductDetails>(Json))!;
    }

    public static ProductInput Product(string code, string name = "Test product", decimal price = 10m, string? category = "Tests") =>
        new() { Code = code, Name = name, Category = category, ListPrice = price, UnitCost = price / 2, StockOnHand = 5 };

    private async Task<string> IssueAsync(string name, string role)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(name, role);
        Assert.True(result.Succeeded, result.ToString());
        return key!.Key;
    }
}
