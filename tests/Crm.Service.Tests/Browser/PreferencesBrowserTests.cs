using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>
/// A preference an agent remembers on the customer's 360 page (with the keyboard) is shown on every tab there and beside
/// the customer's case in the workspace, where the agent's reply shows the verification code it went out with; removing
/// the fact asks first.
/// </summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class PreferencesBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task A_fact_remembered_on_the_360_page_shows_on_every_tab_and_in_the_workspace_where_a_reply_gets_a_verification_code()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var agentId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Olivia", LastName = "Oriental" + marker, Emails = [$"olivia{marker.ToLowerInvariant()}@example.com"] }, Json);
        var customer = (await created.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
        var opened = await CasesFixture.OpenCaseAsync(manager, customer.Id, $"Booking question {marker}");
        using var assigned = await CasesFixture.PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId));
        assigned.EnsureSuccessStatusCode();

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync($"/customers/{customer.Id}");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=preferences-empty]");
        await page.ClickAsync("[data-testid=add-preference]");
        await page.WaitForSelectorAsync("[data-testid=preference-dialog]");
        // An empty fact is refused at its field, and the dialog stays open.
        await page.ClickAsync("[data-testid=preference-save]");
        await page.WaitForSelectorAsync("[data-testid=preference-dialog] >> text=Write down the preference or detail");
        await page.ClickAsync("[data-testid=preference-category]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Dietary");
        await page.FillAsync("input[data-testid=preference-value]", $"Allergic to nuts {marker}");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("preference-dialog.png") });
        await page.ClickAsync("[data-testid=preference-save]");
        await page.WaitForSelectorAsync($"[data-testid=preference-fact] >> text=Allergic to nuts {marker}");
        Assert.Contains("Dietary", await page.InnerTextAsync("[data-testid=preference-fact]"), StringComparison.Ordinal);
        Assert.Contains("recorded by Sam Agent", await page.InnerTextAsync("[data-testid=preference-fact]"), StringComparison.Ordinal);

        // Above the tabs: still in view on the Consent tab.
        await page.ClickAsync(".mud-tab >> text=Consent");
        await page.WaitForSelectorAsync("text=Do not contact (any channel)");
        Assert.True(await page.IsVisibleAsync($"[data-testid=preference-fact] >> text=Allergic to nuts {marker}"));
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-preferences.png"), FullPage = true });

        await page.GotoAsync("/service/workspace");
        await page.WaitForSelectorAsync("[data-interactive=true][data-testid=ws]");
        await page.ClickAsync($"[data-testid=ws-case][data-case-id=\"{opened.Id}\"]");
        await page.WaitForSelectorAsync($"[data-testid=ws-customer-name] >> text={customer.DisplayName}");
        var remembered = await page.InnerTextAsync("[data-testid=ws-customer-preference]");
        Assert.Contains($"Dietary: Allergic to nuts {marker}", remembered, StringComparison.Ordinal);
        Assert.Contains("Sam Agent", remembered, StringComparison.Ordinal);

        // A reply to the customer goes out with an "is this really you?" code, shown in its thread entry.
        await page.FillAsync("textarea[data-testid=ws-text]", "Noted: no nuts in your room's welcome basket.");
        await page.FocusAsync("textarea[data-testid=ws-text]");
        await page.Keyboard.PressAsync("Control+Enter");
        var code = page.Locator("[data-testid=ws-entry-reply] [data-testid=ws-entry-verification] b");
        await code.WaitForAsync();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", (await code.InnerTextAsync()).Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("workspace-preferences.png"), FullPage = true });

        // Removing asks first; cancelled, the fact stays; confirmed, it goes.
        await page.GotoAsync($"/customers/{customer.Id}");
        await page.WaitForSelectorAsync($"[data-interactive=true] [data-testid=preference-fact] >> text=Allergic to nuts {marker}");
        await page.ClickAsync("[data-testid=remove-preference]");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Remove this preference?");
        await page.ClickAsync(".mud-dialog button >> text=Cancel");
        await page.WaitForSelectorAsync(".mud-dialog", new() { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=remove-preference]");
        await page.ClickAsync(".mud-dialog button >> text=Remove");
        await page.WaitForSelectorAsync("[data-testid=preferences-empty]");
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
