using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Crm.Api.Client;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Crm.ApiClient.Tests;

/// <summary>
/// One real host (Kestrel, a fresh SQLite file, no demo data) for the contract tests, with API keys per role, the live
/// OpenAPI document, and the Kiota client generated from it.
/// </summary>
public sealed class ApiHostFixture : IAsyncLifetime
{
    /// <summary>The server address the committed client is generated with (the README's development address).</summary>
    public const string CanonicalServer = "http://localhost:5080";

    private readonly Dictionary<string, string> keys = [];

    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public async Task InitializeAsync()
    {
        Host.StartServer();
        foreach (var role in CrmRoles.All)
        {
            keys[role] = await IssueKeyAsync(role);
        }
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public string KeyOf(string role) => keys[role];

    /// <summary>The document as the server serves it to a caller with an API key.</summary>
    public async Task<string> DocumentTextAsync()
    {
        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, KeyOf(CrmRoles.Manager));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
    }

    public async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await DocumentTextAsync())!.AsObject();

    /// <summary>The live document with its server set to <see cref="CanonicalServer"/>, written to a temporary file.</summary>
    public async Task<string> CanonicalDocumentFileAsync()
    {
        var document = await DocumentAsync();
        document["servers"] = new JsonArray(new JsonObject { ["url"] = CanonicalServer });
        var path = Path.Combine(Path.GetTempPath(), $"ecrm-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document.ToJsonString());
        return path;
    }

    /// <summary>The generated client, calling this host with the API key of <paramref name="role"/>.</summary>
    public CrmApiClient Client(string role) => new(new HttpClientRequestAdapter(new ApiKeyHeader(KeyOf(role)))
    {
        BaseUrl = Host.BaseAddress.ToString().TrimEnd('/'),
    });

    private async Task<string> IssueKeyAsync(string role)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Contract {role}", role);
        Assert.True(result.Succeeded, result.ToString());
        return key!.Key;
    }

    /// <summary>Sends the key as the document's ApiKey scheme says (Kiota's own provider insists on https).</summary>
    private sealed class ApiKeyHeader(string key) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            request.Headers.Add(ApiKeyService.HeaderName, key);
            return Task.CompletedTask;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiHostCollection : ICollectionFixture<ApiHostFixture>
{
    public const string Name = "API host";
}
