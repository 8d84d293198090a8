using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.ValuePanel;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Dashboards.ValuePanel;

/// <summary>
/// One real host (Development demo data: 300 customers, their orders and two recomputes) and Chromium for the value panel,
/// "also bought" and the rules browser: bUnit, API and browser tests share it and run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ValuePanelCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Value panel and associations";
}

/// <summary>Helpers over the shared host: scopes with a role, API keys, and demo customers picked from the stored figures.</summary>
internal static class ValueTestData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A service scope whose current user is a system actor in <paramref name="role"/>.</summary>
    public static AsyncServiceScope Scope(CrmWebHost host, string role = CrmRoles.Manager)
    {
        var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:value-panel", role);
        return scope;
    }

    public static async Task<HttpClient> ApiKeyClientAsync(CrmWebHost host, string role)
    {
        await using var scope = Scope(host, CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Value {Guid.NewGuid():N}"[..20], role);
        Assert.True(result.Succeeded, result.ToString());
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key!.Key);
        return client;
    }

    /// <summary>
    /// The <paramref name="index"/>-th demo customer (most orders first) whose panel has something in every part: figures, a
    /// quarter snapshot and at least one recommendation. Tests that change a customer take different indexes.
    /// </summary>
    public static async Task<long> RichCustomerAsync(CrmWebHost host, int index)
    {
        var candidates = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .OrderByDescending(v => v.Frequency).ThenBy(v => v.CustomerId).Select(v => v.CustomerId).Take(200).ToListAsync());
        await using var scope = Scope(host);
        var queries = scope.ServiceProvider.GetRequiredService<CustomerValueQueries>();
        var found = 0;
        foreach (var id in candidates)
        {
            var lookup = await queries.GetAsync(id);
            if (lookup.Value is { TierHistory.Count: > 0, Recommendations.Count: > 0, UsualIntervalDays: not null } && found++ == index)
            {
                return id;
            }
        }

        throw new InvalidOperationException($"The demo data has fewer than {index + 1} customers with history and recommendations.");
    }

    public static Task<CustomerValueRecord> RowAsync(CrmWebHost host, long customerId) =>
        host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().SingleAsync(v => v.CustomerId == customerId));

    public static Task<List<StoredAssociationRule>> RulesAsync(CrmWebHost host) =>
        host.QueryAsync(db => db.Set<StoredAssociationRule>().AsNoTracking().ToListAsync());

    /// <summary>
    /// Independent of the panel's query: the stored rules whose antecedent codes are all in <paramref name="bought"/> and whose
    /// consequent is not, best confidence (then lift, support) per consequent, top <paramref name="count"/>.
    /// </summary>
    public static List<StoredAssociationRule> ExpectedRecommendations(IEnumerable<StoredAssociationRule> rules, IReadOnlyCollection<string> bought, int count)
    {
        var set = bought.ToHashSet(StringComparer.Ordinal);
        return rules
            .Where(r => !set.Contains(r.Consequent) && r.Antecedent.Trim('|').Split('|').All(set.Contains))
            .GroupBy(r => r.Consequent)
            .Select(g => g.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenByDescending(r => r.Support)
                .ThenBy(r => r.Antecedent, StringComparer.Ordinal).First())
            .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenByDescending(r => r.Support)
            .ThenBy(r => r.Consequent, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }
}
