using System.Net;
using Crm.Analytics.Features.Tiers;
using Crm.Kernel;
using Crm.Testing;
using static Crm.Analytics.Tests.Dashboards.Tiers.TiersDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>A host without demo data: no figures and no snapshots yet.</summary>
public sealed class EmptyCrmHost : IAsyncLifetime
{
    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public Task InitializeAsync()
    {
        Host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class TiersEmptyCollection : ICollectionFixture<EmptyCrmHost>
{
    public const string Name = "Value tiers and migration without figures";
}

/// <summary>Before any recompute the dashboards say what to do instead of showing empty tables.</summary>
[Collection(TiersEmptyCollection.Name)]
public sealed class TiersEmptyStateTests(EmptyCrmHost empty)
{
    [Fact]
    public async Task Without_figures_the_tiers_page_points_to_the_recompute_and_the_api_reports_no_customers()
    {
        using var manager = await empty.Host.SignedInClientAsync("manager@ecrm.local");
        var html = await manager.GetStringAsync(new Uri("/analytics/tiers", UriKind.Relative));
        Assert.Contains("data-testid=\"tiers-empty\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/analytics/runs\"", html, StringComparison.Ordinal);

        var report = await GetAsync<ValueTiersReport>(manager, "/api/v1/analytics/tiers");
        Assert.Equal(0, report.Customers);
        Assert.All(report.BySpend.Tiers, t => Assert.Equal(0, t.Customers));
        Assert.Null(report.WhaleCurve);
        var overServed = await GetAsync<PagedResult<OverServedRow>>(manager, "/api/v1/analytics/over-served");
        Assert.Equal(0, overServed.TotalCount);
    }

    [Fact]
    public async Task With_fewer_than_two_snapshots_the_migration_page_asks_for_a_recompute_in_another_quarter()
    {
        using var manager = await empty.Host.SignedInClientAsync("manager@ecrm.local");
        var html = await manager.GetStringAsync(new Uri("/analytics/migration", UriKind.Relative));
        Assert.Contains("data-testid=\"migration-empty\"", html, StringComparison.Ordinal);
        Assert.Contains("run a recompute as of a date in another quarter", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/analytics/runs\"", html, StringComparison.Ordinal);

        using var response = await manager.GetAsync(new Uri("/api/v1/analytics/tier-migration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
