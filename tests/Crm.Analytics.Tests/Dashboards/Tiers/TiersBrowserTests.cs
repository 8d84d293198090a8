using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Crm.Analytics.Tests.Dashboards.Tiers.TiersDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>The value-tier and tier-migration dashboards in real Chromium, as a Manager, with a screenshot of each.</summary>
[Collection(TiersDashboardCollection.Name)]
public sealed class TiersBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_opens_value_tiers_and_sees_both_tables_the_whale_curve_and_the_over_served_list()
    {
        await WaitForRecomputesAsync(browser.Host);
        var values = await browser.Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Select(v => new { v.SpendTier, v.ProfitTier }).ToListAsync());
        var page = await browser.NewPageAsync(1600, 1000);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync("/analytics/tiers");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("[data-testid=tiers-spend-table]");
        await page.WaitForSelectorAsync("[data-testid=tiers-profit-table]");
        await page.WaitForSelectorAsync("[data-testid=whale-curve] svg path");
        await page.WaitForSelectorAsync("[data-testid=over-served-table] [data-testid=over-served-customer]");

        Assert.Equal(values.Count, await ValueAsync(page, "[data-testid=tier-spend-total-customers]"));
        foreach (var (tier, number) in new[] { ("Platinum", 4), ("Gold", 3), ("Silver", 2), ("Bronze", 1) })
        {
            Assert.Equal(values.Count(v => v.SpendTier == number), await ValueAsync(page, $"[data-testid=tier-spend-{tier}-customers]"));
            Assert.Equal(values.Count(v => v.ProfitTier == number), await ValueAsync(page, $"[data-testid=tier-profit-{tier}-customers]"));
        }

        Assert.Contains("of customers earn", await page.InnerTextAsync("[data-testid=whale-headline]"), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-testid=whale-curve] svg path").CountAsync() > 0);
        Assert.True(await page.Locator("[data-testid=definition]").CountAsync() >= 4, "Every figure should explain itself in a tooltip.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "analytics-tiers.png"), FullPage = true });

        // The over-served names open the customer.
        var link = page.Locator("[data-testid=over-served-customer]").First;
        var href = await link.GetAttributeAsync("href");
        Assert.Matches("^/customers/[0-9]+$", href);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_opens_tier_migration_and_the_matrix_counts_every_customer_of_the_two_quarters()
    {
        await WaitForRecomputesAsync(browser.Host);
        var periods = await browser.Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().Select(s => s.Period).ToListAsync());
        var latest = periods.Order(StringComparer.Ordinal).TakeLast(2).ToArray();
        var buyers = await browser.Host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking()
            .Where(s => (s.Period == latest[0] || s.Period == latest[1]) && s.PeriodTier > 0)
            .Select(s => s.CustomerId).Distinct().CountAsync());
        var fell = await browser.Host.QueryAsync(async db =>
        {
            var rows = await db.Set<ValueSnapshotCustomer>().AsNoTracking()
                .Where(s => s.Period == latest[0] || s.Period == latest[1]).Select(s => new { s.Period, s.CustomerId, s.PeriodTier }).ToListAsync();
            var after = rows.Where(r => r.Period == latest[1]).ToDictionary(r => r.CustomerId, r => r.PeriodTier);
            return rows.Count(r => r.Period == latest[0] && r.PeriodTier > 0 && after.GetValueOrDefault(r.CustomerId) < r.PeriodTier);
        });
        var page = await browser.NewPageAsync(1600, 1000);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync("/analytics/migration");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("[data-testid=migration-table]");
        await page.WaitForSelectorAsync("[data-testid=fallen-table] [data-testid=fallen-customer]");

        Assert.Equal(buyers, await ValueAsync(page, "[data-testid=matrix-total]"));
        var cells = page.Locator("[data-testid=migration-table] td[data-customers]");
        Assert.Equal(25, await cells.CountAsync());
        var sum = 0;
        foreach (var cell in await cells.AllAsync())
        {
            sum += int.Parse((await cell.GetAttributeAsync("data-customers"))!, CultureInfo.InvariantCulture);
        }

        Assert.Equal(buyers, sum);
        Assert.Equal(fell, await ValueAsync(page, "[data-testid=matrix-fell]"));
        Assert.Contains($"Moves from {latest[0]} to {latest[1]}", await page.InnerTextAsync("[data-testid=migration-matrix]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "analytics-migration.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task<int> ValueAsync(IPage page, string selector) =>
        int.Parse((await page.GetAttributeAsync(selector, "data-value"))!, CultureInfo.InvariantCulture);
}
