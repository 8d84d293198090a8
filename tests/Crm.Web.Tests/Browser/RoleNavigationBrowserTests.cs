using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RoleNavigationBrowserTests(BrowserFixture browser)
{
    public static TheoryData<string, string, string[], string[]> Roles => new()
    {
        {
            "admin@ecrm.local", "Admin",
            ["Home", "Customers", "Duplicates", "Leads", "Pipeline", "Orders", "Products", "Import orders", "Sales dashboard", "Workspace", "Cases", "Calls", "Knowledge base", "Queues", "Macros", "Telephone systems", "Mailboxes", "SLA policies", "Service reports", "RFM segments", "Value tiers", "Tier migration", "Lifetime value", "Due to buy again", "Product associations", "Value recompute", "Users & roles", "API keys", "Event delivery", "API reference", "Change password"],
            []
        },
        {
            "manager@ecrm.local", "Manager",
            ["Home", "Customers", "Duplicates", "Leads", "Pipeline", "Orders", "Products", "Import orders", "Sales dashboard", "Workspace", "Cases", "Calls", "Knowledge base", "Queues", "Macros", "Telephone systems", "Mailboxes", "SLA policies", "Service reports", "RFM segments", "Value tiers", "Tier migration", "Lifetime value", "Due to buy again", "Product associations", "Value recompute", "API reference", "Change password"],
            ["Users & roles", "API keys"]
        },
        {
            "rep@ecrm.local", "SalesRep",
            ["Home", "Customers", "Leads", "Pipeline", "Orders", "Products", "Sales dashboard", "Cases", "Knowledge base", "Change password"],
            ["Duplicates", "Import orders", "Workspace", "Calls", "Queues", "Macros", "Telephone systems", "Mailboxes", "SLA policies", "Service reports", "RFM segments", "Value tiers", "Tier migration", "Lifetime value", "Due to buy again", "Product associations", "Value recompute", "Users & roles", "API keys", "Event delivery", "API reference"]
        },
        {
            "agent@ecrm.local", "ServiceAgent",
            ["Home", "Customers", "Orders", "Products", "Workspace", "Cases", "Calls", "Knowledge base", "Change password"],
            ["Duplicates", "Leads", "Pipeline", "Import orders", "Sales dashboard", "Queues", "Macros", "Telephone systems", "Mailboxes", "SLA policies", "Service reports", "RFM segments", "Value tiers", "Tier migration", "Lifetime value", "Due to buy again", "Product associations", "Value recompute", "Users & roles", "API keys", "Event delivery", "API reference"]
        },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_signs_in_sees_its_own_navigation_and_signs_out(string email, string role, string[] visible, string[] hidden)
    {
        var page = await browser.NewPageAsync();

        await BrowserFixture.SignInAsync(page, email);

        Assert.Contains(email, await page.InnerTextAsync("[data-testid=home-email]"), StringComparison.Ordinal);
        Assert.Contains(role, await page.InnerTextAsync("[data-testid=home-role]"), StringComparison.Ordinal);
        var navigation = await page.Locator("[data-testid=nav-menu] a").AllInnerTextsAsync();
        Assert.Equal(visible, navigation.Select(n => n.Trim()));
        Assert.DoesNotContain(navigation, n => hidden.Contains(n.Trim()));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"home-{role}.png"), FullPage = true });

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForSelectorAsync("[data-testid=signed-out]");
        Assert.EndsWith("/account/login?signedOut=true", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_home_page_works_on_a_tablet_and_the_theme_toggles_to_dark()
    {
        var page = await browser.NewPageAsync(width: 820, height: 1180);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        var before = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync("() => localStorage.getItem('ecrm.theme') === 'dark'");
        var after = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(before, after);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The home page scrolls sideways on a tablet.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home-Manager-tablet-dark.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_creates_a_user_in_the_users_page_and_a_sales_rep_gets_no_access_page()
    {
        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "admin@ecrm.local");
        await admin.ClickAsync("text=Users & roles");
        await admin.WaitForSelectorAsync("[data-testid=users-table] >> text=rep@ecrm.local");

        await admin.ClickAsync("[data-testid=new-user]");
        await admin.FillAsync("[data-testid=new-user-email]", "browser.rep@example.com");
        await admin.FillAsync("[data-testid=new-user-name]", "Browser Rep");
        await admin.FillAsync("[data-testid=new-user-password]", "short");
        await admin.ClickAsync("[data-testid=new-user-save]");
        await admin.WaitForSelectorAsync("text=Passwords must be at least 10 characters");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-new-user-validation.png") });

        await admin.FillAsync("[data-testid=new-user-password]", "Str0ng-Password");
        await admin.ClickAsync("[data-testid=new-user-save]");
        await admin.WaitForSelectorAsync("[data-testid=users-table] >> text=browser.rep@example.com");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-users.png"), FullPage = true });
        await admin.Context.CloseAsync();

        var rep = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(rep, "browser.rep@example.com", "Str0ng-Password");
        var response = await rep.GotoAsync("/admin/users");
        Assert.Equal(403, response!.Status);
        Assert.Contains("No access", await rep.ContentAsync(), StringComparison.Ordinal);
        await rep.Context.CloseAsync();
    }

    [Fact]
    public async Task The_API_reference_page_renders_the_OpenAPI_document()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin@ecrm.local");
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/api-reference/");
        await page.WaitForSelectorAsync("text=eCRM API");
        await page.GetByText("/api/v1/me").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "api-reference.png") });
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_issues_an_api_key_that_is_shown_once_and_works_then_revokes_it()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin@ecrm.local");
        await page.ClickAsync("text=API keys");
        await page.WaitForSelectorAsync("text=No API keys yet");

        await page.ClickAsync("[data-testid=issue-key]");
        await page.FillAsync("[data-testid=key-name]", "Telephony");
        await page.ClickAsync("[data-testid=key-issue]");
        var key = (await page.InnerTextAsync("[data-testid=issued-key-value]")).Trim();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-api-keys.png"), FullPage = true });

        using var client = browser.Host.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using (var works = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, works.StatusCode);
        }

        await page.ClickAsync("button:has-text('Revoke')");
        await page.ClickAsync(".mud-dialog button:has-text('Revoke')");
        await page.WaitForSelectorAsync("text=Revoked");
        using var refused = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.Context.CloseAsync();
    }
}
