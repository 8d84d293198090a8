using System.Globalization;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Crm.Analytics.Tests.Dashboards.Lifetime.LifetimeTestSupport;

namespace Crm.Analytics.Tests.Dashboards.Lifetime;

/// <summary>The lifetime-value and due-to-buy-again pages in Chromium, as a Manager and as a SalesRep.</summary>
[Collection(LifetimeCollection.Name)]
public sealed class LifetimeBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_sees_the_lifetime_KPIs_the_model_the_distribution_the_top_customers_and_those_at_risk()
    {
        await WaitForFiguresAsync(browser.Host);
        var figures = await FiguresAsync(browser.Host);
        var withClv = figures.Where(f => f.Clv is not null).ToList();
        var top = withClv.OrderByDescending(f => f.Clv).ThenBy(f => f.CustomerId).First();

        var page = await browser.NewPageAsync(1366, 900);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/analytics/lifetime");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=clv-customers]");

        Assert.Equal(withClv.Count.ToString("N0", CultureInfo.CurrentCulture), (await page.InnerTextAsync("[data-testid=clv-customers]")).Trim());
        Assert.Equal(withClv.Sum(f => f.Clv!.Value).ToString("N0", CultureInfo.CurrentCulture), (await page.InnerTextAsync("[data-testid=clv-total]")).Trim());
        var model = await browser.Host.QueryAsync(db => db.Set<Crm.Analytics.Domain.ValueModel>().AsNoTracking().OrderByDescending(m => m.Id).FirstAsync());
        Assert.NotNull(model.GgP);
        Assert.Equal(7, await page.Locator("[data-testid=model-parameter]").CountAsync());
        Assert.True(await page.Locator("[data-testid=clv-distribution] svg").CountAsync() > 0, "The CLV distribution chart is drawn.");
        Assert.True(await page.Locator("[data-testid=clv-bucket]").CountAsync() >= 2);

        // The top customer by CLV is the first row and links to the customer page.
        await page.WaitForSelectorAsync("[data-testid=top-clv-customer]");
        var firstLink = page.Locator("[data-testid=top-clv-customer]").First;
        Assert.Equal($"/customers/{top.CustomerId}", await firstLink.GetAttributeAsync("href"));

        // At risk with the default filter (Gold or above, P(alive) below 50%).
        var atRisk = figures.Count(f => f.SpendTier >= 3 && f.ProbabilityAlive < 0.5);
        if (atRisk > 0)
        {
            await page.WaitForSelectorAsync("[data-testid=at-risk-customer]");
            Assert.Equal(Math.Min(atRisk, 10), await page.Locator("[data-testid=at-risk-customer]").CountAsync());
        }
        else
        {
            await page.WaitForSelectorAsync("[data-testid=at-risk-empty]");
        }

        Assert.Contains("/api/v1/analytics/at-risk/export?minTier=Gold", await page.GetAttributeAsync("[data-testid=export-at-risk]", "href"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "analytics-lifetime.png"), FullPage = true });

        await firstLink.ClickAsync();
        await page.WaitForURLAsync($"**/customers/{top.CustomerId}", new() { WaitUntil = WaitUntilState.Commit });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_logs_a_call_to_the_first_customer_on_the_due_list_with_one_click_and_the_row_shows_Called()
    {
        await WaitForFiguresAsync(browser.Host);
        var today = TodayUtc;
        // First: the most overdue of the customers the model holds likely active (P(alive) at least 50%).
        var first = (await FiguresAsync(browser.Host)).Where(f => f.DueOn is { } due && due <= today)
            .OrderBy(f => f.ProbabilityAlive < 0.5 ? 1 : 0).ThenBy(f => f.NextPurchaseOn).ThenBy(f => f.CustomerId).First();
        var before = (await CallsAsync(browser.Host, first.CustomerId)).Count;

        var page = await browser.NewPageAsync(1366, 900);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/analytics/due");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=log-call]");

        var row = page.Locator("[data-testid=due-table] tbody tr").First;
        Assert.Equal($"/customers/{first.CustomerId}", await row.Locator("[data-testid=due-customer]").GetAttributeAsync("href"));
        Assert.Equal((today.DayNumber - first.NextPurchaseOn!.Value.DayNumber).ToString("N0", CultureInfo.CurrentCulture),
            (await row.Locator("[data-testid=due-overdue]").InnerTextAsync()).Trim());
        Assert.True(await row.Locator("[data-testid=typical-product]").CountAsync() > 0);
        Assert.False(string.IsNullOrEmpty(await row.Locator("[data-testid=palive]").GetAttributeAsync("data-explanation")));

        await row.Locator("[data-testid=log-call]").ClickAsync();
        await row.Locator("[data-testid=called]").WaitForAsync();
        Assert.Equal(0, await row.Locator("[data-testid=log-call]").CountAsync());
        await page.Locator(".mud-snackbar").First.WaitForAsync();

        var calls = await CallsAsync(browser.Host, first.CustomerId);
        Assert.Equal(before + 1, calls.Count);
        Assert.Equal(("Phone", "Outbound", "Call"), (calls[^1].Channel, calls[^1].Direction, calls[^1].Type));
        // Clicking may have scrolled the table sideways on a narrow screen: show it from its first column.
        await page.EvaluateAsync("() => document.querySelectorAll('.mud-table-container').forEach(e => e.scrollLeft = 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "analytics-due.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_SalesRep_gets_the_access_denied_page_on_the_lifetime_and_due_dashboards()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        foreach (var url in new[] { "/analytics/lifetime", "/analytics/due" })
        {
            await page.GotoAsync(url);
            // The server answers 403 with the friendly no-access page, or the router shows its access-denied panel.
            await page.WaitForSelectorAsync("[data-testid=access-denied], [data-testid=status-403]");
            Assert.Equal(0, await page.Locator("[data-testid=clv-customers], [data-testid=due-table]").CountAsync());
        }

        await page.Context.CloseAsync();
    }
}
