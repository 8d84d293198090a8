using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
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

    /// <summary>
    /// Waits for the recompute that runs (the coordinator's completion, not a clock), then checks that none runs and at
    /// least <paramref name="succeeded"/> have succeeded (the start-up recomputes of the demo data).
    /// </summary>
    public static async Task WaitForRecomputesAsync(CrmWebHost host, int succeeded = 2)
    {
        host.StartServer();
        // A guard against a hang, not a speed limit.
        await host.Services.GetRequiredService<ValueRunCoordinator>().Completion.WaitAsync(TimeSpan.FromMinutes(10));
        var statuses = await host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().Select(r => r.Status).ToListAsync());
        Assert.True(!statuses.Contains(ValueRunStatus.Running) && statuses.Count(s => s == ValueRunStatus.Succeeded) >= succeeded,
            $"The recomputes did not finish: {string.Join(", ", statuses)}");
    }

    /// <summary>Waits for run <paramref name="runId"/> to end (the coordinator's completion) and returns it as the runs API shows it.</summary>
    public static async Task<JsonElement> WaitForRunAsync(CrmWebHost host, HttpClient client, long runId)
    {
        var coordinator = host.Services.GetRequiredService<ValueRunCoordinator>();
        while (coordinator.Current?.RunId == runId)
        {
            await coordinator.Completion.WaitAsync(TimeSpan.FromMinutes(10));
        }

        var run = await GetAsync<JsonElement>(client, $"/api/v1/analytics/runs/{runId}");
        Assert.NotEqual("Running", run.GetProperty("status").GetString());
        return run;
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
            var result = await GetAsync<PagedResult<T>>(client, $"{path}{separator}page={page}&pageSize=500");
            all.AddRange(result.Items);
            if (all.Count >= result.TotalCount || result.Items.Count == 0)
            {
                Assert.Equal(result.TotalCount, all.Count);
                return all;
            }
        }
    }
}
