using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Sales.Tests.Features.Dashboard;

[CollectionDefinition(Name)]
public sealed class SalesDashboardBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Sales dashboard browser";
}

/// <summary>Real Chromium against the Development host, which seeds the demo customers and their demo sales data.</summary>
[Collection(SalesDashboardBrowserCollection.Name)]
public sealed class SalesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_opens_the_sales_dashboard_with_demo_data_and_the_charts_render()
    {
        var page = await browser.NewPageAsync(1366, 1000);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/sales/dashboard");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("[data-testid=chart-pipeline] svg");

        foreach (var chart in new[] { "chart-pipeline", "chart-months", "chart-top-customers", "chart-top-products" })
        {
            Assert.True(await page.Locator($"[data-testid={chart}] svg").CountAsync() > 0, $"{chart} has no chart.");
        }

        // The tables under the charts list the top 10 (or fewer when fewer customers or products sold in the 12 months).
        var now = DateTime.UtcNow;
        var since = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var recent = await browser.Host.QueryAsync(db => db.Set<Order>()
            .Where(o => o.Kind == OrderKind.Sale && o.Status != OrderStatus.Cancelled && o.OrderedAtUtc >= since)
            .Select(o => new { o.Id, o.CustomerId }).ToListAsync());
        var recentIds = recent.Select(o => o.Id).ToList();
        var productsSold = await browser.Host.QueryAsync(db => db.Set<OrderLine>().Where(l => l.Quantity > 0 && recentIds.Contains(l.OrderId))
            .Select(l => l.ProductCode).Distinct().CountAsync());
        Assert.Equal(Math.Min(10, recent.Select(o => o.CustomerId).Distinct().Count()), await page.Locator("[data-testid=top-customers] tr").CountAsync());
        Assert.Equal(Math.Min(10, productsSold), await page.Locator("[data-testid=top-products] tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sales-dashboard-manager.png"), FullPage = true });

        // The owner filter narrows to one rep.
        await page.ClickAsync("[data-testid=dashboard-owner]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> nth=0");
        await page.WaitForSelectorAsync("[data-testid=chart-pipeline]");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rep_sees_their_own_figures_the_products_list_and_a_customers_products_tab()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        await page.GotoAsync("/sales/dashboard");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("text=Your figures");
        Assert.Equal(0, await page.Locator("[data-testid=dashboard-owner]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sales-dashboard-rep.png"), FullPage = true });

        await page.GotoAsync("/products");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("[data-testid=products-table] tbody tr");
        var product = await browser.Host.QueryAsync(db => db.Set<Product>().OrderBy(p => p.Id).FirstAsync());
        await page.FillAsync("input[data-testid=product-search]", product.Code);
        await page.WaitForSelectorAsync($"[data-testid=products-table] >> text={product.Name}");
        Assert.Equal(0, await page.Locator("[data-testid=new-product]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("products-list-rep.png"), FullPage = true });

        var customerId = await browser.Host.QueryAsync(db => db.Set<Order>().Where(o => o.Kind == OrderKind.Sale && o.Status == OrderStatus.Placed)
            .OrderBy(o => o.Id).Select(o => o.CustomerId!.Value).FirstAsync());
        await page.GotoAsync($"/customers/{customerId}");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.Locator(".mud-tab", new() { HasTextString = "Products" }).First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=customer-products-bought] tbody tr");
        await page.FillAsync("input[data-testid=panel-product-search]", product.Code);
        await page.WaitForSelectorAsync($"[data-testid=panel-product-results] >> text={product.Code}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-products-panel.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
