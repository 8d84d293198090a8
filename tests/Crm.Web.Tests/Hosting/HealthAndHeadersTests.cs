using System.Net;
using Crm.Testing;

namespace Crm.Web.Tests.Hosting;

public sealed class HealthAndHeadersTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task Liveness_answers_healthy_without_signing_in()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_checks_the_database()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_reports_unhealthy_when_the_database_cannot_be_opened()
    {
        // A database path inside a folder that does not exist cannot be opened by SQLite.
        await using var broken = CrmWebHost.Create(
            Path.Combine(Path.GetTempPath(), "ecrm-tests", $"missing-{Guid.NewGuid():N}", "crm.db"),
            new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false", ["DemoData:SeedUsers"] = "false", ["DemoData:Customers"] = "0" });
        using var client = broken.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_assets_of_MudBlazor_are_served()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/_content/MudBlazor/MudBlazor.min.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
