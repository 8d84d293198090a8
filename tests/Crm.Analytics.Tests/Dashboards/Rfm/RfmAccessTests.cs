using System.Net;
using Crm.Kernel;
using Crm.Testing;
using static Crm.Analytics.Tests.Dashboards.Rfm.RfmDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

/// <summary>Only Managers and Admins: a SalesRep gets 403 from every endpoint of the RFM dashboard and access denied on its pages.</summary>
[Collection(RfmDashboardCollection.Name)]
public sealed class RfmAccessTests(BrowserFixture browser)
{
    public static TheoryData<string> Reads =>
    [
        "/api/v1/analytics/rfm",
        "/api/v1/analytics/rfm?source=2020-Q1",
        "/api/v1/analytics/rfm/sources",
        "/api/v1/analytics/customers?r=5&f=5",
        "/api/v1/analytics/customers.csv?segment=Champions",
        "/api/v1/analytics/runs",
        "/api/v1/analytics/runs/1",
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_sales_rep_gets_403_from_every_read(string path)
    {
        await WaitForRecomputesAsync(browser.Host);
        using var rep = await browser.Host.SignedInClientAsync("rep@ecrm.local");
        using var response = await rep.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var keyed = await ApiKeyClientAsync(browser.Host, CrmRoles.SalesRep);
        using var keyedResponse = await keyed.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, keyedResponse.StatusCode);

        using var manager = await ApiKeyClientAsync(browser.Host, CrmRoles.Manager);
        using var allowed = await manager.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_sales_rep_may_neither_start_nor_cancel_a_recompute()
    {
        await WaitForRecomputesAsync(browser.Host);
        using var admin = await ApiKeyClientAsync(browser.Host, CrmRoles.Admin);
        var runsBefore = (await GetAsync<PagedResult<System.Text.Json.JsonElement>>(admin, "/api/v1/analytics/runs")).TotalCount;
        using var keyed = await ApiKeyClientAsync(browser.Host, CrmRoles.SalesRep);
        using var rep = await browser.Host.SignedInClientAsync("rep@ecrm.local");
        foreach (var client in new[] { keyed, rep })
        {
            using var start = await PostAsync(client, "/api/v1/analytics/runs", new { });
            Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
            using var cancel = await PostAsync(client, "/api/v1/analytics/runs/1/cancel", null);
            Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        }

        await WaitForRecomputesAsync(browser.Host);
        var runsAfter = (await GetAsync<PagedResult<System.Text.Json.JsonElement>>(admin, "/api/v1/analytics/runs")).TotalCount;
        Assert.Equal(runsBefore, runsAfter);
    }

    [Theory]
    [InlineData("/analytics/rfm", "rfm-heatmap")]
    [InlineData("/analytics/customers?source=live&r=5&f=5", "customers-table")]
    [InlineData("/analytics/runs", "runs-table")]
    public async Task A_sales_rep_sees_access_denied_on_the_pages(string path, string content)
    {
        await WaitForRecomputesAsync(browser.Host);
        // A full page load is refused by the endpoint's role check and answered with the "No access" page (403); inside the
        // app the router shows the access-denied panel instead. Either way none of the page's content is sent.
        using var rep = await browser.Host.SignedInClientAsync("rep@ecrm.local");
        using var response = await rep.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-testid=\"status-403\"", html, StringComparison.Ordinal);
        Assert.Contains("No access", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-testid=\"{content}\"", html, StringComparison.Ordinal);

        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var managerResponse = await manager.GetAsync(new Uri(path, UriKind.Relative));
        var managerHtml = await managerResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, managerResponse.StatusCode);
        Assert.DoesNotContain("data-testid=\"status-403\"", managerHtml, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"{content}\"", managerHtml, StringComparison.Ordinal);
    }
}
