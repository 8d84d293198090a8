using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>
/// Issue 16 on the import page, for every format: a compressed bomb, a truncated gzip, binary garbage and an overlong line
/// each end with the import's one-line message on the page, store no order and no product, and leave the page's session
/// working (the next upload imports).
/// </summary>
[Collection(ImportPageCollection.Name)]
public sealed class OrderImportPageBombTests(ImportPageBrowser browser)
{
    private const long Bound = ImportPageBrowser.Bound;
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ecrm-tests", "page-bombs");

    [Theory]
    [InlineData("online-retail")]
    [InlineData("cdnow")]
    [InlineData("cdnow-sample")]
    [InlineData("baskets")]
    [InlineData("csv")]
    public async Task Every_bomb_is_reported_on_the_page_stores_nothing_and_the_page_keeps_working(string format)
    {
        var page = await browser.NewPageAsync();
        var files = new List<string>();
        try
        {
            var orders = await browser.Host.QueryAsync(db => db.Set<Crm.Sales.Domain.Order>().CountAsync());
            var products = await browser.Host.QueryAsync(db => db.Set<Crm.Sales.Domain.Product>().CountAsync());
            await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
            await page.GotoAsync("/orders/import");
            await page.WaitForSelectorAsync("[data-interactive=true] input[data-testid=order-import-file]");

            foreach (var bomb in Enum.GetValues<ImportBomb>())
            {
                var file = ImportBombs.Write(format, bomb, Folder, Bound);
                files.Add(file);
                await page.SetInputFilesAsync("input[data-testid=order-import-file]", file);
                await page.WaitForSelectorAsync($"[data-testid=order-import-file-name] >> text={Path.GetFileName(file)}");
                await page.ClickAsync("[data-testid=start-order-import]");

                // A text bomb is read up to the bound before it is refused: on a loaded machine that can outlast Playwright's
                // default wait (a guard against a hang, not a speed limit).
                var error = await page.WaitForSelectorAsync("[data-testid=order-import-error]", new PageWaitForSelectorOptions { Timeout = 300_000 });
                var message = await error!.InnerTextAsync();
                Assert.True(ImportBombs.Matches(bomb, message), message);
                if (bomb == ImportBomb.TextBomb)
                {
                    Assert.Contains($"more than {Bound:N0} bytes", message, StringComparison.Ordinal);
                }

                Assert.Equal(0, await page.Locator("[data-testid=order-import-summary]").CountAsync());
                if (bomb == ImportBomb.TruncatedGzip)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions
                    {
                        Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"order-import-truncated-{format}.png"), FullPage = true,
                    });
                }
            }

            Assert.Equal(orders, await browser.Host.QueryAsync(db => db.Set<Crm.Sales.Domain.Order>().CountAsync()));
            Assert.Equal(products, await browser.Host.QueryAsync(db => db.Set<Crm.Sales.Domain.Product>().CountAsync()));

            // The session survived: a good file of the same format imports on the same page.
            var good = ImportBombs.WriteValid(format, Folder);
            files.Add(good);
            await page.SetInputFilesAsync("input[data-testid=order-import-file]", good);
            await page.WaitForSelectorAsync($"[data-testid=order-import-file-name] >> text={Path.GetFileName(good)}");
            await page.ClickAsync("[data-testid=start-order-import]");
            await page.WaitForSelectorAsync("[data-testid=order-import-summary]");
            Assert.Equal("3", (await page.InnerTextAsync("[data-testid=summary-rows]")).Trim());
            Assert.Equal(0, await page.Locator("[data-testid=order-import-error]").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The file is sparse: its size is over the bound while the disk holds next to nothing of it.</summary>
    [Fact]
    public async Task A_file_over_the_upload_bound_is_refused_before_it_is_uploaded()
    {
        var file = Path.Combine(Folder, $"orders-too-big-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Folder);
        await using (var sparse = File.Create(file))
        {
            sparse.SetLength(new Crm.Sales.Contracts.OrderImportLimits().MaxUploadBytes + (1024 * 1024));
        }

        var page = await browser.NewPageAsync();
        try
        {
            await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
            await page.GotoAsync("/orders/import");
            await page.WaitForSelectorAsync("[data-interactive=true] input[data-testid=order-import-file]");
            await page.SetInputFilesAsync("input[data-testid=order-import-file]", file);

            var error = await page.WaitForSelectorAsync("[data-testid=order-import-error]");
            Assert.Contains("the limit here is 128.0 MB (Import:MaxUploadBytes)", await error!.InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.IsDisabledAsync("[data-testid=start-order-import]"));
        }
        finally
        {
            await page.Context.CloseAsync();
            File.Delete(file);
        }
    }
}
