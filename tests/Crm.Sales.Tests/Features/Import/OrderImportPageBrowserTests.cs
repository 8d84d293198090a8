using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Sales.Tests.Features.Import;

[Collection(ImportPageCollection.Name)]
public sealed class OrderImportPageBrowserTests(ImportPageBrowser browser)
{
    [Fact]
    public async Task A_manager_uploads_a_csv_watches_the_progress_finish_and_reads_the_summary_with_the_bad_row()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"orders-{marker}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price",
            $"W{marker}-1,WC{marker},2024-06-01,WP{marker},Garden gnome,2,12.50",
            $"W{marker}-2,WC{marker},2024-06-02,WP{marker},Garden gnome,x,12.50",
            $"W{marker}-3,,2024-06-03,WP{marker},Garden gnome,1,12.50",
        ]);
        var page = await browser.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
            await page.ClickAsync("text=Import orders");
            await page.WaitForURLAsync("**/orders/import", new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("[data-interactive=true] input[data-testid=order-import-file]");

            await page.SetInputFilesAsync("input[data-testid=order-import-file]", file);
            await page.WaitForSelectorAsync($"[data-testid=order-import-file-name] >> text=orders-{marker}.csv");
            await page.ClickAsync("[data-testid=start-order-import]");

            await page.WaitForSelectorAsync("[data-testid=order-import-summary]");
            Assert.Equal("3 of 3 rows (100%) · 2 orders created", (await page.InnerTextAsync("[data-testid=order-import-progress-text]")).Trim());
            Assert.Equal("3", (await page.InnerTextAsync("[data-testid=summary-rows]")).Trim());
            Assert.Equal("2", (await page.InnerTextAsync("[data-testid=summary-orders-created]")).Trim());
            Assert.Equal("1", (await page.InnerTextAsync("[data-testid=summary-customers-created]")).Trim());
            Assert.Equal("1", (await page.InnerTextAsync("[data-testid=summary-rows-skipped]")).Trim());
            var skipped = await page.InnerTextAsync("[data-testid=order-import-skipped]");
            Assert.Contains("3", skipped, StringComparison.Ordinal);
            Assert.Contains("Unparsable quantity", skipped, StringComparison.Ordinal);
            Assert.Contains("quantity 'x' is not a number.", skipped, StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "order-import-summary.png"), FullPage = true });

            var stored = await browser.Host.QueryAsync(db => db.Set<Crm.Sales.Domain.Order>().CountAsync(o => o.OrderNumber.StartsWith("W" + marker)));
            Assert.Equal(2, stored);

            // The same file again: nothing new, both orders unchanged.
            await page.ClickAsync("[data-testid=start-order-import]");
            await page.WaitForSelectorAsync("[data-testid=summary-orders-unchanged] >> text=2");
            Assert.Equal("0", (await page.InnerTextAsync("[data-testid=summary-orders-created]")).Trim());
        }
        finally
        {
            await page.Context.CloseAsync();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_sales_rep_has_no_import_page_in_the_navigation()
    {
        var page = await browser.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
            await page.WaitForSelectorAsync("[data-testid=nav-menu] >> text=Customers");
            Assert.Equal(0, await page.Locator("[data-testid=nav-menu] >> text=Import orders").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
