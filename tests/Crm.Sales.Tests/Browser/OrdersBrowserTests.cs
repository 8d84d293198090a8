using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Sales.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class OrdersBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Orders browser";
}

[Collection(OrdersBrowserCollection.Name)]
public sealed class OrdersBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_rep_places_an_order_for_a_customer_and_sees_it_on_the_customers_Orders_panel()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (customerId, customerName) = await SeedAsync(marker);
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");

        await page.GotoAsync("/orders/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=save-order]");

        // Customer picker: type part of the name, choose the match.
        await page.FillAsync("input[data-testid=order-customer-picker]", "Orderly" + marker);
        await page.ClickAsync($"[data-testid=order-customer-option] >> text={customerName}");

        // The choice has landed before typing on (typing earlier is lost while the customer picker closes).
        // Product picker by code, quantity 3 at the list price, a second line by name with a discount.
        await page.WaitForFunctionAsync("() => document.querySelector('input[data-testid=order-customer-picker]').value.startsWith('Orderly')");
        await ChooseProductAsync(page, 0, $"BRW{marker}-1", $"BRW{marker}-1", "List price 12.50");
        await page.FillAsync("input[data-testid=line-quantity-0]", "3");
        await ChooseProductAsync(page, 1, $"Browser widget {marker} 2".ToUpperInvariant()[..18], $"BRW{marker}-2", "List price 4.00");
        await page.FillAsync("input[data-testid=line-quantity-1]", "2");
        // 1.00 off 8.00 is 12.5% below list: beyond a rep's 10%, said while typing; 0.50 is within it.
        await page.FillAsync("input[data-testid=line-discount-1]", "1");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForSelectorAsync("[data-testid=line-price-warning-1] >> text=needs a Manager");
        await page.FillAsync("input[data-testid=line-discount-1]", "0.5");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForSelectorAsync("[data-testid=line-price-warning-1]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        var expectedTotal = (3 * 12.50m + (2 * 4.00m - 0.5m)).ToString("N2", System.Globalization.CultureInfo.CurrentCulture);
        await page.WaitForSelectorAsync($"[data-testid=order-form-total] >> text={expectedTotal}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("order-new.png"), FullPage = true });

        await page.ClickAsync("[data-testid=save-order]");
        await page.WaitForURLAsync("**/orders/*", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-testid=order-number] >> text=SO-");
        Assert.Equal(expectedTotal, (await page.InnerTextAsync("[data-testid=order-total]")).Trim());
        Assert.Equal(2, await page.Locator("[data-testid=order-line]").CountAsync());
        var number = (await page.InnerTextAsync("[data-testid=order-number]")).Replace("Order ", "", StringComparison.Ordinal).Trim();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("order-detail.png"), FullPage = true });

        await page.ClickAsync("[data-testid=order-customer] a");
        await page.WaitForSelectorAsync($"[data-testid=customer-name] >> text={customerName}");
        await page.ClickAsync("[role=tab] >> text=Orders");
        await page.WaitForSelectorAsync($"[data-testid=customer-orders] >> text={number}");
        Assert.Contains(expectedTotal, await page.InnerTextAsync("[data-testid=customer-order-row]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("order-customer-panel.png"), FullPage = true });

        await page.ClickAsync("[data-testid=nav-menu] >> text=Orders");
        await page.WaitForSelectorAsync("[data-testid=orders-table]");
        await page.FillAsync("input[data-testid=order-search]", "Orderly" + marker);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=orders-table] tbody tr').length === 1");
        Assert.Contains(number, await page.InnerTextAsync("[data-testid=orders-table] tbody tr"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("orders-list.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Saving_an_order_without_a_customer_or_lines_shows_the_problems_next_to_the_fields()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        await page.GotoAsync("/orders/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=save-order]");

        await page.ClickAsync("[data-testid=save-order]");

        await page.WaitForSelectorAsync("text=Choose the customer");
        await page.WaitForSelectorAsync("[data-testid=lines-error] >> text=An order needs at least one line.");
        Assert.EndsWith("/orders/new", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("order-new-invalid.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Enters <paramref name="typed"/> in the product picker of form line <paramref name="line"/> as one input (as a paste
    /// would: the picker searches once, 200 ms after it), clicks the product <paramref name="code"/> in its list and waits
    /// until the line shows the product's <paramref name="caption"/>.
    /// </summary>
    private static async Task ChooseProductAsync(IPage page, int line, string typed, string code, string caption)
    {
        // The previous picker's list must be closed first: text typed while it closes is lost (seen on a loaded machine).
        await page.WaitForSelectorAsync(".mud-popover-open", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        var picker = page.Locator($"input[data-testid=line-product-{line}]");
        await picker.FillAsync(typed);
        await page.ClickAsync($"[data-testid=product-option] >> text={code}");
        await page.WaitForSelectorAsync($"[data-testid=order-form-line] >> text={caption}");
    }

    private async Task<(long CustomerId, string Name)> SeedAsync(string marker)
    {
        await using var scope = browser.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        var registration = scope.ServiceProvider.GetRequiredService<Crm.Contacts.Contracts.ICustomerRegistration>();
        var registered = await registration.RegisterAsync(new Crm.Contacts.Contracts.CustomerInput { FirstName = "Orderly" + marker, LastName = "Buyer" }, allowDuplicates: true);
        Assert.True(registered.Created);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        db.AddRange(
            new Product { Code = $"BRW{marker}-1", Name = $"Browser widget {marker} 1", SearchName = $"BROWSER WIDGET {marker} 1", ListPrice = 12.50m, UnitCost = 5m, StockOnHand = 40 },
            new Product { Code = $"BRW{marker}-2", Name = $"Browser widget {marker} 2", SearchName = $"BROWSER WIDGET {marker} 2", ListPrice = 4.00m, UnitCost = 1m, StockOnHand = 1, AllowBackorder = true });
        await db.SaveChangesAsync();
        return (registered.CustomerId!.Value, $"Orderly{marker} Buyer");
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
