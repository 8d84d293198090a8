using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Analytics.Features.Shared;
using Crm.Analytics.Tests.Support;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Analytics.Tests.Dashboards.ValuePanel;

/// <summary>
/// Chromium against the demo host: the customer's Value tab and its live update when an order arrives over the API, the
/// rules browser, and "also bought" on a product. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(ValuePanelCollection.Name)]
public sealed class ValuePanelBrowserTests(BrowserFixture browser)
{
    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task A_manager_watches_the_value_panel_change_when_an_order_is_posted_over_the_api()
    {
        var customerId = await ValueTestData.RichCustomerAsync(Host, 2);
        var before = await ValueTestData.RowAsync(Host, customerId);
        var page = await browser.NewPageAsync(1366, 1000);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync($"/customers/{customerId}");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=customer-name]");
        await page.ClickAsync("[role=tab] >> text=\"Value\"");
        await page.WaitForSelectorAsync("[data-testid=value-r]");
        Assert.Equal(before.Segment, (await page.InnerTextAsync("[data-testid=value-segment]")).Trim());
        Assert.Equal(Orders(before.Frequency), (await page.InnerTextAsync("[data-testid=value-frequency]")).Trim());
        Assert.Equal(Money(before.Monetary), (await page.InnerTextAsync("[data-testid=value-monetary]")).Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-value-panel.png"), FullPage = true });

        // A big order from a web shop (API key), for an active product at a high price: spend and frequency move.
        using var shop = await ValueTestData.ApiKeyClientAsync(Host, CrmRoles.Manager);
        var products = await shop.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/products?active=true&sort=StockOnHand&descending=true&pageSize=1", UriKind.Relative));
        var code = products.GetProperty("items")[0].GetProperty("code").GetString();
        // The real-time update rewrites the row; the open page follows without a reload.
        await LiveUpdates.SavedAsync(Host, customerId, v => v.Frequency == before.Frequency + 1, PlaceAsync());
        async Task PlaceAsync()
        {
            using var posted = await shop.PostAsJsonAsync(new Uri("/api/v1/orders", UriKind.Relative), new
            {
                customerId,
                externalId = "value-panel-" + Guid.NewGuid().ToString("N"),
                lines = new[] { new { productCode = code, quantity = 4m, unitPrice = 25_000m } },
            });
            Assert.True(posted.StatusCode == HttpStatusCode.Created, $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }

        var after = await ValueTestData.RowAsync(Host, customerId);
        Assert.Equal(before.Frequency + 1, after.Frequency);
        Assert.Equal(before.Monetary + 100_000m, after.Monetary);
        await page.WaitForSelectorAsync($"[data-testid=value-frequency] >> text={Orders(after.Frequency)}");
        await page.WaitForSelectorAsync($"[data-testid=value-monetary] >> text={Money(after.Monetary)}");
        await page.WaitForSelectorAsync("[data-testid=value-updated] >> text=Updated just now");
        Assert.Equal($"M {after.MonetaryScore}", (await page.InnerTextAsync("[data-testid=value-m]")).Trim());
        Assert.Equal($"Spend: {TierNames.Of(after.SpendTier)}", (await page.InnerTextAsync("[data-testid=value-spend-tier]")).Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-value-panel-updated.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_browses_the_association_rules_and_filters_them_by_product()
    {
        var rules = await ValueTestData.RulesAsync(Host);
        var top = rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Support).ThenBy(r => r.Id).First();
        var page = await browser.NewPageAsync(1366, 1000);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/analytics/associations");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=rules-table] [data-testid=rule-text]");
        Assert.Contains($"({top.Consequent})", await page.InnerTextAsync("[data-testid=rules-table] tbody tr:first-child [data-testid=rule-text]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("analytics-associations.png"), FullPage = true });

        var code = top.Consequent;
        var expected = rules.Count(r => r.Antecedent.Contains($"|{code}|", StringComparison.Ordinal) || r.Consequent == code);
        await page.FillAsync("input[data-testid=rules-product]", code);
        await page.WaitForSelectorAsync($"[data-testid=rules-table] >> text=/of {expected}$/");
        var texts = await page.Locator("[data-testid=rule-text]").AllInnerTextsAsync();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.Contains($"({code})", t, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rep_sees_what_is_also_bought_with_a_product()
    {
        var rules = await ValueTestData.RulesAsync(Host);
        var group = rules.Where(r => r.AntecedentSize == 1).GroupBy(r => r.Antecedent).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var code = group.Key.Trim('|');
        var page = await browser.NewPageAsync(1366, 1000);
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        await page.GotoAsync("/products");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=products-table]");
        await page.FillAsync("input[data-testid=product-search]", code);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=products-table] [data-testid=product-details-toggle]').length === 1");
        await page.ClickAsync("[data-testid=product-details-toggle]");
        await page.WaitForSelectorAsync("[data-testid=also-bought-item]");
        Assert.Equal(Math.Min(10, group.Count()), await page.Locator("[data-testid=also-bought-item]").CountAsync());
        var best = group.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Consequent, StringComparer.Ordinal).First();
        Assert.Contains(best.Consequent, await page.Locator("[data-testid=also-bought-text]").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("product-also-bought.png"), FullPage = true });
        await page.Context.CloseAsync();

        // A Manager sees the same panel under the product's edit form.
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var product = await manager.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/products/by-code/{code}", UriKind.Relative));
        var edit = await browser.NewPageAsync(1366, 1000);
        await BrowserFixture.SignInAsync(edit, "manager@ecrm.local");
        await edit.GotoAsync($"/products/{product.GetProperty("id").GetInt64()}/edit");
        await edit.WaitForSelectorAsync("[data-interactive=true] [data-testid=also-bought-item]");
        Assert.Equal(Math.Min(10, group.Count()), await edit.Locator("[data-testid=also-bought-item]").CountAsync());
        await edit.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sales_rep_cannot_open_the_rules_browser()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        await page.GotoAsync("/analytics/associations");
        await page.WaitForSelectorAsync("[data-testid=access-denied], [data-testid=status-403]");
        Assert.Equal(0, await page.Locator("[data-testid=rules-table]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=rules-empty]").CountAsync());
        await page.Context.CloseAsync();
    }

    private static string Orders(int frequency) => $"{frequency.ToString("N0", CultureInfo.CurrentCulture)} orders";

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
