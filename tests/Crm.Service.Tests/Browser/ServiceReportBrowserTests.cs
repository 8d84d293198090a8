using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>A Manager opens the service report on the demo data in Chromium: charts, tables, a definition tooltip, a CSV export. Screenshot and axe-core.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class ServiceReportBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_reads_the_service_report_on_the_demo_data_and_exports_a_table()
    {
        var manager = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(manager, "manager@ecrm.local");

        await manager.ClickAsync("[data-testid=nav-menu] >> text=Service reports");
        await manager.WaitForSelectorAsync("[data-interactive=true] [data-testid=report-apply]");
        // Shot before the figures are awaited, so a failure shows what the page rendered instead.
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("service-report-opened.png"), FullPage = true });
        await manager.WaitForSelectorAsync("[data-testid=kpi-created]");
        Assert.Equal(0, await manager.Locator("[data-testid=report-empty]").CountAsync());
        Assert.Contains("all queues", await manager.InnerTextAsync("[data-testid=report-period]"), StringComparison.Ordinal);

        // The charts are drawn (SVG) and the tables filled from the demo cases.
        await manager.WaitForSelectorAsync("[data-testid=chart-daily] svg");
        await manager.WaitForSelectorAsync("[data-testid=chart-backlog] svg");
        Assert.True(await manager.Locator("[data-testid=backlog-table] tbody tr").CountAsync() > 0);
        Assert.Equal(5, await manager.Locator("[data-testid=tiers-table] tbody tr").CountAsync());
        Assert.Equal(4, await manager.Locator("[data-testid=times-table] tbody tr").CountAsync());
        Assert.Matches(@"\d", await manager.InnerTextAsync("[data-testid=kpi-first-response]"));

        // Every figure says how it is computed: hover the first-response definition.
        await manager.HoverAsync("[data-testid=kpi-first-response] [data-testid=definition]");
        await manager.WaitForSelectorAsync("text=Business minutes the SLA clock counted from the case's opening to the first public agent reply");
        await Accessibility.AssertNoSeriousFindingsAsync(manager);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("service-report.png"), FullPage = true });

        // The backlog export is the CSV of the table on the page, fetched with the manager's session.
        var href = await manager.GetAttributeAsync("[data-testid=export-backlog]", "href");
        Assert.StartsWith("/api/v1/service/reports/export?table=Backlog&from=", href, StringComparison.Ordinal);
        var csv = await manager.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await csv.TextAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("queue,low,normal,high,urgent,total", lines[0]);
        Assert.Equal(await manager.Locator("[data-testid=backlog-table] tbody tr").CountAsync(), lines.Length - 1);

        await manager.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
