using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class CasesBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Cases browser";
}

/// <summary>An agent works a case end to end in Chromium; a rep sees their customer's case read-only. Screenshots and axe-core on each page.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class CasesBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_agent_opens_a_case_notes_replies_and_resolves_it_and_the_rep_sees_it_on_the_customer_read_only()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var customer = await CustomerOfRepAsync("Casey" + marker);
        MacroView macro;
        using (var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local"))
        {
            using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/macros", UriKind.Relative),
                new MacroInput($"Tracking {marker}", "Thanks {{customer.name}}, we follow {{case.number}} for you.", null, null, "tracked"), Json);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            macro = (await created.Content.ReadFromJsonAsync<MacroView>(Json))!;
        }

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "agent@ecrm.local");

        await page.ClickAsync("[data-testid=nav-menu] >> text=Cases");
        await page.WaitForSelectorAsync("[data-testid=cases-table]");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ClickAsync("[data-testid=new-case]");
        await page.ClickAsync("[data-testid=case-save]");
        await page.WaitForSelectorAsync("text=Choose the customer the case is for.");
        await page.WaitForSelectorAsync("text=Give the case a subject.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-new-invalid.png"), FullPage = true });

        await page.FillAsync("input[data-testid=case-customer-picker]", customer.DisplayName);
        await page.ClickAsync($"[data-testid=case-customer-option] >> text={customer.DisplayName}");
        await page.WaitForFunctionAsync($"() => document.querySelector('input[data-testid=case-customer-picker]').value === '{customer.DisplayName}'");
        await page.WaitForSelectorAsync("[data-testid=case-customer-option]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.FillAsync("input[data-testid=case-subject]", "Blender arrived broken");
        await page.FillAsync("textarea[data-testid=case-description]", "The jug is cracked. <script>alert(1)</script>");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-new.png"), FullPage = true });
        await page.ClickAsync("[data-testid=case-save]");
        // The dialog closes and the page navigates inside the circuit (no page load): the case page's status is the signal.
        await page.WaitForSelectorAsync("[data-testid=case-status] >> text=New");
        Assert.Matches("/cases/[0-9]+$", page.Url);
        var number = (await page.InnerTextAsync("[data-testid=case-number]")).Trim();
        Assert.Matches("^CS-[0-9]{6}$", number);
        Assert.Equal("Sam Agent", (await page.InnerTextAsync("[data-testid=case-owner]")).Trim());
        Assert.Equal("The jug is cracked. <script>alert(1)</script>", (await page.InnerTextAsync("[data-testid=case-entry-customer] .mud-typography-body1")).Trim());

        // An internal note first: no first response yet. A long one, near the composer's 20,000 characters and none of them
        // ASCII after the first line, so it is several times the size of the circuit's default message limit on the wire.
        var history = string.Concat(Enumerable.Repeat(" Überprüfung der Größe: 王小明 😀", 19_900 / 30));
        var note = "Regular customer, replace without a return." + history;
        await page.ClickAsync("[data-testid=case-compose-kind] >> text=Internal note");
        await page.FillAsync("textarea[data-testid=case-text]", note);
        await page.PressAsync("textarea[data-testid=case-text]", "Control+Enter");
        await page.WaitForSelectorAsync("[data-testid=case-entry-note] >> text=Regular customer, replace without a return.");
        Assert.Equal(note, (await page.InnerTextAsync("[data-testid=case-entry-note] .mud-typography-body1")).Trim());
        Assert.Equal("Not yet", (await page.InnerTextAsync("[data-testid=case-first-response]")).Trim());

        await page.ClickAsync("[data-testid=case-compose-kind] >> text=Reply to the customer");
        await page.FillAsync("textarea[data-testid=case-text]", "Sorry about that! A new blender is on its way.");
        await page.ClickAsync("[data-testid=case-send]");
        await page.WaitForSelectorAsync("[data-testid=case-entry-reply] >> text=A new blender is on its way.");
        await page.WaitForSelectorAsync("[data-testid=case-status] >> text=Open");
        Assert.NotEqual("Not yet", (await page.InnerTextAsync("[data-testid=case-first-response]")).Trim());
        Assert.Equal("", await page.InputValueAsync("textarea[data-testid=case-text]"));
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-page.png"), FullPage = true });

        // The same page in dark mode: chips, filled buttons and secondary text keep their contrast on the dark palette.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync("() => localStorage.getItem('ecrm.theme') === 'dark' && getComputedStyle(document.body).backgroundColor === 'rgb(50, 51, 61)'");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-page-dark.png"), FullPage = true });
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync("() => localStorage.getItem('ecrm.theme') === 'light'");

        // A macro from the case page too: its reply rendered for this customer and case, and its tag, in one step.
        await page.ClickAsync("[data-testid=case-macro]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={macro.Name}");
        await page.ClickAsync("[data-testid=case-apply-macro]");
        await page.WaitForSelectorAsync($"[data-testid=case-entry-reply] >> text=Thanks {customer.DisplayName}, we follow {number} for you.");
        await page.WaitForSelectorAsync("[data-testid=case-tags] >> text=tracked");

        await page.ClickAsync("[data-testid=case-to-Resolved]");
        await page.WaitForSelectorAsync("[data-testid=case-status] >> text=Resolved");
        await page.WaitForSelectorAsync("[data-testid=case-to-Closed]");
        Assert.Equal(0, await page.Locator("[data-testid=case-to-PendingCustomer]").CountAsync());

        // The rep owns the customer: the case is on the customer's Cases tab and reads without a composer.
        var rep = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(rep, "rep@ecrm.local");
        await rep.GotoAsync($"/customers/{customer.Id}");
        await rep.WaitForSelectorAsync("[data-interactive=true] [data-testid=customer-name]");
        await rep.ClickAsync("[role=tab] >> text=Cases");
        await rep.WaitForSelectorAsync($"[data-testid=customer-cases] >> text={number}");
        Assert.Contains("Resolved", await rep.InnerTextAsync("[data-testid=customer-case-row]"), StringComparison.Ordinal);
        await rep.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-customer-tab.png"), FullPage = true });
        await rep.ClickAsync($"[data-testid=customer-cases] >> text={number}");
        await rep.WaitForSelectorAsync("[data-testid=case-status] >> text=Resolved");
        Assert.Equal(0, await rep.Locator("[data-testid=case-composer]").CountAsync());
        Assert.Equal(0, await rep.Locator("[data-testid=case-to-Closed]").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(rep);

        await rep.GotoAsync("/cases/987654321");
        await rep.WaitForSelectorAsync("[data-testid=case-problem][data-problem=NotFound] >> text=No case with id 987654321.");
        await rep.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_gives_a_case_to_a_chosen_agent_from_the_case_page()
    {
        var customer = await CustomerOfRepAsync("Assignee" + Guid.NewGuid().ToString("N")[..6]);
        CaseDetails opened;
        using (var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local"))
        using (var created = await manager.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new CaseInput { CustomerId = customer.Id, Subject = "Who takes this?", Description = "Please help." }, Json))
        {
            opened = (await created.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
        }

        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync($"/cases/{opened.Id}");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=case-assign-to]");
        await page.ClickAsync("[data-testid=case-assign-to] button");
        await page.ClickAsync("[data-testid=case-assign-to-worker] >> text=Sam Agent");
        await page.WaitForSelectorAsync("[data-testid=case-owner] >> text=Sam Agent");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        var samId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        Assert.Equal(samId, await browser.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Cases.ServiceCase>().Where(c => c.Id == opened.Id).Select(c => c.OwnerId).SingleAsync()));
        await page.Context.CloseAsync();
    }

    private async Task<CustomerDetails> CustomerOfRepAsync(string lastName)
    {
        var repId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Kim", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}@example.com"], OwnerId = repId }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
