using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>
/// One Development host (300 demo customers, their orders and the two startup recomputes) and one Chromium for the value
/// tier and tier migration tests, API and browser alike.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TiersDashboardCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Value tiers and migration dashboards";
}

/// <summary>Helpers shared by the tier tests: waiting for the startup recomputes, reading the API as its callers do.</summary>
internal static class TiersDashboardHost
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly ConcurrentDictionary<CrmWebHost, Lazy<Task>> Prepared = new();

    /// <summary>
    /// The host ready for the tier tests: the startup recomputes done, then (once per host) profit made known and a fresh
    /// recompute as of today. The demo generator leaves about 3% of products without a unit cost, and one unknown cost of
    /// goods makes profit unknown for everybody; so orders without a purchase cost get one (60% of the amount), the five
    /// smallest buyers a thin 1% margin (their cost to serve, 6 interactions × 2, outweighs it: over-served) and the next
    /// three a negative margin (a negative profit that is not the cost to serve's fault: not over-served).
    /// </summary>
    public static Task WaitForRecomputesAsync(CrmWebHost host) =>
        Prepared.GetOrAdd(host, h => new Lazy<Task>(() => PrepareAsync(h))).Value;

    private static async Task PrepareAsync(CrmWebHost host)
    {
        await WaitForStartupRecomputesAsync(host);
        var smallest = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .OrderBy(v => v.Monetary).ThenBy(v => v.CustomerId).Select(v => v.CustomerId).Take(8).ToListAsync());
        Assert.Equal(8, smallest.Count);
        await host.QueryAsync(async db =>
        {
            // Money is stored as fixed-point integers (1/10,000ths) on SQLite: integer arithmetic keeps it exact enough.
            var changed = await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"Sales_Orders\" SET \"PurchaseCost\" = \"PurchaseAmount\" * 6 / 10 WHERE \"PurchaseCost\" IS NULL");
            foreach (var id in smallest.Take(5))
            {
                changed += await db.Database.ExecuteSqlAsync(
                    $"UPDATE \"Sales_Orders\" SET \"PurchaseCost\" = \"PurchaseAmount\" * 99 / 100 WHERE \"CustomerId\" = {id}");
            }

            foreach (var id in smallest.Skip(5))
            {
                changed += await db.Database.ExecuteSqlAsync(
                    $"UPDATE \"Sales_Orders\" SET \"PurchaseCost\" = \"PurchaseAmount\" * 12 / 10 WHERE \"CustomerId\" = {id}");
            }

            return changed;
        });
        var run = await host.Services.GetRequiredService<ICustomerValueJobs>()
            .RecomputeAsync(DateOnly.FromDateTime(DateTime.UtcNow), "Tests", "test:tiers");
        Assert.True(run.Status == "Succeeded", $"The recompute ended {run.Status}: {run.Message}");
        await WaitForStartupRecomputesAsync(host);
    }

    /// <summary>Waits until no run is Running and at least two have succeeded (the demo data's two quarters).</summary>
    private static Task WaitForStartupRecomputesAsync(CrmWebHost host) => Rfm.RfmDashboardHost.WaitForRecomputesAsync(host);

    public static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>A 400 ProblemDetails and the names of the fields it lists.</summary>
    public static async Task<IReadOnlyCollection<string>> BadRequestFieldsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

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
