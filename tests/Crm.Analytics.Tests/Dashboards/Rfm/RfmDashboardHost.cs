using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Domain;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

/// <summary>
/// One Development host (300 demo customers, their orders and the two startup recomputes) and one Chromium for the RFM
/// dashboard, the filtered customer list and the recompute page, API and browser alike.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RfmDashboardCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "RFM dashboard, customer list and recompute";
}

/// <summary>Helpers shared by the RFM tests: waiting for recomputes, API-key clients, reading the API as its callers do.</summary>
internal static class RfmDashboardHost
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Polls Analytics_Runs until no run is Running and at least <paramref name="succeeded"/> have succeeded.</summary>
    public static async Task WaitForRecomputesAsync(CrmWebHost host, int succeeded = 2)
    {
        for (var attempt = 0; ; attempt++)
        {
            var statuses = await host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().Select(r => r.Status).ToListAsync());
            if (!statuses.Contains(ValueRunStatus.Running) && statuses.Count(s => s == ValueRunStatus.Succeeded) >= succeeded)
            {
                return;
            }

            Assert.True(attempt < 2400, $"The recomputes did not finish: {string.Join(", ", statuses)}");
            await Task.Delay(250);
        }
    }

    /// <summary>Polls the runs API until run <paramref name="runId"/> is no longer Running; returns its final state.</summary>
    public static async Task<JsonElement> WaitForRunAsync(HttpClient client, long runId)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = await GetAsync<JsonElement>(client, $"/api/v1/analytics/runs/{runId}");
            if (run.GetProperty("status").GetString() != "Running")
            {
                return run;
            }

            Assert.True(attempt < 2400, $"Recompute {runId} did not end.");
            await Task.Delay(100);
        }
    }

    public static async Task<HttpClient> ApiKeyClientAsync(CrmWebHost host, string role)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("tests", CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Rfm {Guid.NewGuid():N}"[..20], role);
        Assert.True(result.Succeeded, result.ToString());
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key!.Key);
        return client;
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), body is null ? null : JsonContent.Create(body, options: Json));

    /// <summary>Every page of a paged list, read 500 at a time.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(HttpClient client, string path)
    {
        var all = new List<T>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        for (var page = 0; ; page++)
        {
            var result = await GetAsync<Crm.Contacts.Contracts.PagedResult<T>>(client, $"{path}{separator}page={page}&pageSize=500");
            all.AddRange(result.Items);
            if (all.Count >= result.TotalCount || result.Items.Count == 0)
            {
                Assert.Equal(result.TotalCount, all.Count);
                return all;
            }
        }
    }
}
