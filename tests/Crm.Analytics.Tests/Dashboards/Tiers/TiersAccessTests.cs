using System.Net;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Analytics.Tests.Dashboards.Tiers.TiersDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>Only Managers and Admins see value tiers and tier migration: a SalesRep gets 403 from every API and access denied on the pages.</summary>
[Collection(TiersDashboardCollection.Name)]
public sealed class TiersAccessTests(BrowserFixture browser)
{
    public static TheoryData<string> Apis =>
    [
        "/api/v1/analytics/tiers",
        "/api/v1/analytics/over-served",
        "/api/v1/analytics/over-served/export",
        "/api/v1/analytics/tier-migration",
        "/api/v1/analytics/tier-migration/fallen",
        "/api/v1/analytics/tier-migration/fallen/export",
    ];

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_sales_rep_gets_403_from_the_api(string path)
    {
        await WaitForRecomputesAsync(browser.Host);
        using var rep = await browser.Host.SignedInClientAsync("rep@ecrm.local");
        using var response = await rep.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var keyed = await ApiKeyClientAsync(CrmRoles.SalesRep);
        using var keyedResponse = await keyed.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, keyedResponse.StatusCode);

        using var manager = await ApiKeyClientAsync(CrmRoles.Manager);
        using var allowed = await manager.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("/analytics/tiers")]
    [InlineData("/analytics/migration")]
    public async Task A_sales_rep_sees_access_denied_on_the_pages(string path)
    {
        await WaitForRecomputesAsync(browser.Host);
        using var rep = await browser.Host.SignedInClientAsync("rep@ecrm.local");
        using var response = await rep.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        // The server refuses before rendering: 403 and the "No access" page (in-app navigation shows the same notice).
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("No access", html, StringComparison.Ordinal);
        Assert.True(html.Contains("data-testid=\"status-403\"", StringComparison.Ordinal) || html.Contains("data-testid=\"access-denied\"", StringComparison.Ordinal));
        Assert.DoesNotContain("data-testid=\"tiers-spend\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"migration-table\"", html, StringComparison.Ordinal);

        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var managerHtml = await manager.GetStringAsync(new Uri(path, UriKind.Relative));
        Assert.DoesNotContain("data-testid=\"access-denied\"", managerHtml, StringComparison.Ordinal);
    }

    private async Task<HttpClient> ApiKeyClientAsync(string role)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Crm.Kernel.Identity.CurrentUser>().SetSystemActor("tests", CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Tiers {Guid.NewGuid():N}"[..20], role);
        Assert.True(result.Succeeded, result.ToString());
        var client = new HttpClient { BaseAddress = browser.Host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key!.Key);
        return client;
    }
}
