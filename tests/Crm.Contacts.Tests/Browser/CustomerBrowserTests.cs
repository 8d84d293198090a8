using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Contacts.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class ContactsBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Contacts browser";
}

[Collection(ContactsBrowserCollection.Name)]
public sealed class CustomerBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_rep_creates_a_customer_logs_a_call_and_finds_them_by_phone_through_global_search()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");

        await page.ClickAsync("text=Customers");
        await page.WaitForSelectorAsync("[data-testid=customers-table]");
        await page.ClickAsync("[data-testid=new-customer]");
        await page.FillAsync("[data-testid=first-name]", "Grace");
        await page.FillAsync("[data-testid=last-name]", "Hopper");
        await page.FillAsync("[data-testid=emails]", "Grace.Hopper@Example.com");
        await page.FillAsync("[data-testid=phones]", "(212) 555-0142");
        await page.FillAsync("[data-testid=city]", "Arlington");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-new.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-customer]");

        await page.WaitForSelectorAsync("[data-testid=customer-name] >> text=Grace Hopper");
        Assert.Contains("+1 212-555-0142", await page.InnerTextAsync("[data-testid=customer-phone]"), StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-testid=timeline-empty]");

        await page.ClickAsync("[data-testid=log-call]");
        await page.FillAsync("[data-testid=interaction-subject]", "Introduced our compiler service");
        await page.ClickAsync("[data-testid=interaction-save]");
        await page.WaitForSelectorAsync("[data-testid=timeline] >> text=Introduced our compiler service");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-360.png"), FullPage = true });

        await page.ClickAsync("input[data-testid=global-search]");
        await page.FillAsync("input[data-testid=global-search]", "212.555.0142");
        await page.ClickAsync("[data-testid=global-search-result] >> text=Grace Hopper");
        await page.WaitForURLAsync("**/customers/*", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-testid=customer-name] >> text=Grace Hopper");

        // Back to the list through the menu, in one click: the search's list is closed once the customer page shows.
        await page.Locator("[data-testid=global-search-result]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=nav-menu] a:has-text('Customers')");
        await page.WaitForSelectorAsync("input[data-testid=customer-search]");

        await page.FillAsync("input[data-testid=customer-search]", "grace hop");
        await page.WaitForSelectorAsync("[data-testid=customers-table] >> text=Grace Hopper");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-list.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Creating_a_likely_duplicate_shows_the_existing_customer_before_saving()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await CreateAsync(page, "Alan", "Turing", "alan@example.com");

        await page.GotoAsync("/customers/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=last-name]");
        await page.FillAsync("[data-testid=first-name]", "A.");
        await page.FillAsync("[data-testid=last-name]", "Turing");
        await page.FillAsync("[data-testid=emails]", "ALAN@example.com");
        await page.ClickAsync("[data-testid=save-customer]");

        await page.WaitForSelectorAsync("[data-testid=duplicates] >> text=Alan Turing");
        Assert.Contains("same email alan@example.com", await page.InnerTextAsync("[data-testid=duplicates]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-duplicate-warning.png"), FullPage = true });

        await page.ClickAsync("[data-testid=save-anyway]");
        await page.WaitForSelectorAsync("[data-testid=customer-name] >> text=A. Turing");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_imports_a_CSV_with_a_bad_row_and_sees_the_report()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var file = Path.Combine(Path.GetTempPath(), $"import-{marker}.csv");
        await File.WriteAllTextAsync(file, $"First name,Last name,Email,City\nKatherine,Johnson{marker},kj{marker}@example.com,Hampton\nNo,Email{marker},broken,Hampton\n");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/customers/import");
        await page.WaitForSelectorAsync("[data-interactive=true]");

        await page.SetInputFilesAsync("input[data-testid=import-file]", file);
        await page.WaitForSelectorAsync("[data-testid=import-preview] >> text=Johnson" + marker);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-import-preview.png"), FullPage = true });
        await page.ClickAsync("[data-testid=start-import]");

        await page.WaitForSelectorAsync("[data-testid=import-report]");
        Assert.Equal("1", (await page.InnerTextAsync("[data-testid=import-created]")).Trim());
        Assert.Contains("'broken' is not a valid email address.", await page.InnerTextAsync("[data-testid=import-errors]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-import-report.png"), FullPage = true });
        await page.Context.CloseAsync();
        File.Delete(file);
    }

    [Fact]
    public async Task A_rep_saves_a_filtered_list_as_a_view_and_applies_it_later()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "rep@ecrm.local");
        await page.GotoAsync("/customers");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=customers-table]");
        await page.FillAsync("input[data-testid=customer-search]", "Olivia");
        await page.WaitForSelectorAsync("[data-testid=customers-table] >> text=Olivia");

        await page.ClickAsync("[data-testid=save-view]");
        await page.FillAsync("input[data-testid=view-name]", "Olivias");
        await page.ClickAsync("[data-testid=view-save]");
        await page.WaitForSelectorAsync("text=View \"Olivias\" saved.");

        await page.GotoAsync("/customers");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=customers-table]");
        Assert.Equal("", await page.InputValueAsync("input[data-testid=customer-search]"));
        await page.ClickAsync("[data-testid=saved-views]");
        await page.ClickAsync(".mud-popover-open >> text=Olivias");
        await page.WaitForFunctionAsync("() => document.querySelector('input[data-testid=customer-search]').value === 'Olivia'");
        var names = await page.Locator("[data-testid=customers-table] tbody td[data-label=Name]").AllInnerTextsAsync();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("Olivia", n, StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-saved-view.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task CreateAsync(IPage page, string first, string last, string email)
    {
        await page.GotoAsync("/customers/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=last-name]");
        await page.FillAsync("[data-testid=first-name]", first);
        await page.FillAsync("[data-testid=last-name]", last);
        await page.FillAsync("[data-testid=emails]", email);
        await page.ClickAsync("[data-testid=save-customer]");
        await page.WaitForSelectorAsync($"[data-testid=customer-name] >> text={first} {last}");
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
