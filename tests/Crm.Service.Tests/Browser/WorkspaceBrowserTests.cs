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
/// An agent works a case from the workspace in Chromium: a knowledge-base article into the reply, a macro in one step, the
/// shortcuts; a case a Manager assigns meanwhile appears without a reload. A Manager manages macros on their page.
/// </summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class WorkspaceBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_agent_answers_with_an_article_and_a_macro_and_a_case_assigned_meanwhile_appears_live()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var agentId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        var customer = await CustomerAsync(manager, "Wendy" + marker);
        var article = await PublishedArticleAsync(manager, $"Returning a parcel {marker}", "Print the label from your order page and drop the parcel at any post office.");
        var macro = await Read<MacroView>(await manager.PostAsJsonAsync(new Uri("/api/v1/macros", UriKind.Relative),
            new MacroInput($"Waiting for photo {marker}", "Dear {{customer.name}}, please send a photo of the damage so we can settle {{case.number}}.",
                CaseStatus.PendingCustomer, CasePriority.High, "photo-requested"), Json));
        var first = await AssignedCaseAsync(manager, customer.Id, $"Damaged parcel {marker}", agentId);

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/service/workspace");
        await page.WaitForSelectorAsync("[data-interactive=true][data-testid=ws]");
        await page.ClickAsync($"[data-testid=ws-case][data-case-id=\"{first.Id}\"]");
        await page.WaitForSelectorAsync($"[data-testid=ws-case-title] >> text={first.Subject}");
        await page.WaitForSelectorAsync($"[data-testid=ws-customer-name] >> text={customer.DisplayName}");
        await page.WaitForSelectorAsync("[data-testid=ws-customer-panels] >> text=Value");
        // Beside the case: the customer's preferences and the notes colleagues keep, as text (no markup taken from a note).
        Assert.Equal("No consent recorded on any channel", (await page.InnerTextAsync("[data-testid=ws-customer-consents]")).Trim());
        Assert.Equal("key-account, prefers-email", (await page.InnerTextAsync("[data-testid=ws-customer-tags]")).Trim());
        Assert.Equal("Call before 10 am.\n<b>Never</b> on Fridays.", (await page.InnerTextAsync("[data-testid=ws-customer-notes]")).Trim());

        // A knowledge-base article found by words, inserted as text; Ctrl+Enter sends the reply quoting its revision.
        await page.FillAsync("input[data-testid=ws-kb-search]", $"parcel {marker}");
        await page.WaitForSelectorAsync($"[data-testid=kb-suggestion-title] >> text={article.Title}");
        await page.ClickAsync("[data-testid=kb-suggestion] >> nth=0 >> [data-testid=kb-insert-text]");
        await page.WaitForSelectorAsync($"[data-testid=ws-quote] >> text=Quotes {article.Title}");
        await page.FocusAsync("textarea[data-testid=ws-text]");
        await page.Keyboard.PressAsync("Control+Enter");
        var quoted = page.Locator("[data-testid=ws-entry-reply]", new PageLocatorOptions { HasText = "drop the parcel at any post office" });
        await quoted.WaitForAsync();
        Assert.Equal(1, await quoted.Locator("[data-testid=ws-entry-quote]").CountAsync());

        // Shortcuts outside a text box: N writes a note, R a reply, each with the text box focused.
        await page.ClickAsync("[data-testid=ws-case-title]");
        await page.Keyboard.PressAsync("n");
        await page.WaitForSelectorAsync("[data-testid=ws-composer] label >> text=Note for colleagues");
        await page.WaitForFunctionAsync("() => document.activeElement?.matches('textarea[data-testid=ws-text]') === true");
        await page.Keyboard.TypeAsync("Customer called, sounded upset about the n key");
        Assert.Contains("n key", await page.InputValueAsync("textarea[data-testid=ws-text]"), StringComparison.Ordinal);
        await page.ClickAsync("[data-testid=ws-case-title]");
        await page.Keyboard.PressAsync("r");
        await page.WaitForSelectorAsync($"[data-testid=ws-composer] label >> text=Reply on {first.Channel}");

        // Case, thread and customer with its value panel fit the window: no sideways scroll of the page.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The workspace scrolls sideways.");

        // A macro: its reply rendered for this customer and case, then priority, tag and status, in one step. The open
        // list is checked too: its options and every other list on the page have a name.
        await page.ClickAsync("[data-testid=ws-macro]");
        await page.WaitForSelectorAsync($".mud-popover-open .mud-list-item >> text={macro.Name}");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={macro.Name}");
        await page.ClickAsync("[data-testid=ws-apply-macro]");
        await page.WaitForSelectorAsync("[data-testid=ws-case-status] >> text=Pending customer");
        await page.WaitForSelectorAsync("[data-testid=ws-case-priority] >> text=High");
        await page.WaitForSelectorAsync("[data-testid=ws-case-tags] >> text=photo-requested");
        await page.WaitForSelectorAsync($"[data-testid=ws-entry-reply] >> text=Dear {customer.DisplayName}, please send a photo of the damage so we can settle {first.Number}.");

        // A Manager gives the agent another case: the list shows it without a reload.
        var second = await AssignedCaseAsync(manager, customer.Id, $"Second parcel {marker}", agentId);
        await page.WaitForSelectorAsync($"[data-testid=ws-case][data-case-id=\"{second.Id}\"]");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "workspace.png"), FullPage = true });

        // J and K move through the list (the agent has at least these two cases); E resolves the chosen case, which leaves the open list.
        var cases = page.Locator("[data-testid=ws-case]");
        var firstListed = await cases.Nth(0).GetAttributeAsync("data-case-id");
        var secondListed = await cases.Nth(1).GetAttributeAsync("data-case-id");
        await cases.Nth(0).ClickAsync();
        await page.WaitForSelectorAsync($"[data-testid=ws-case][data-case-id=\"{firstListed}\"][aria-current=true]");
        await page.Keyboard.PressAsync("j");
        await page.WaitForSelectorAsync($"[data-testid=ws-case][data-case-id=\"{secondListed}\"][aria-current=true]");
        await page.Keyboard.PressAsync("k");
        await page.WaitForSelectorAsync($"[data-testid=ws-case][data-case-id=\"{firstListed}\"][aria-current=true]");
        await page.ClickAsync($"[data-testid=ws-case][data-case-id=\"{second.Id}\"]");
        await page.WaitForSelectorAsync($"[data-testid=ws-case-title] >> text={second.Subject}");
        // A first E only asks (a stray key resolves nothing); the second resolves.
        await page.Keyboard.PressAsync("e");
        await page.WaitForSelectorAsync($".mud-snackbar >> text=Press E again to resolve {second.Number}");
        Assert.Equal(second.Status, (await Read<CaseDetails>(await manager.GetAsync(new Uri($"/api/v1/cases/{second.Id}", UriKind.Relative)))).Status);
        await page.Keyboard.PressAsync("e");
        await page.WaitForSelectorAsync($"[data-testid=ws-case][data-case-id=\"{second.Id}\"]", new() { State = WaitForSelectorState.Detached });
        var stored = await Read<CaseDetails>(await manager.GetAsync(new Uri($"/api/v1/cases/{second.Id}", UriKind.Relative)));
        Assert.Equal(CaseStatus.Resolved, stored.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_creates_a_macro_sees_an_unknown_placeholder_refused_and_deletes_it_after_confirming()
    {
        var name = "Thanks " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync("/service/macros");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=macros-table]");
        await page.ClickAsync("[data-testid=new-macro]");
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=save-macro]");
        await page.FillAsync("input[data-testid=macro-name-field]", name);
        await page.FillAsync("textarea[data-testid=macro-body-field]", "Thank you {{customer.firstname}} for your patience.");
        await page.ClickAsync("[data-testid=save-macro]");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Unknown placeholder");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "macro-dialog-invalid.png") });

        await page.FillAsync("textarea[data-testid=macro-body-field]", "Thank you {{customer.name}} for your patience.");
        await page.ClickAsync("[data-testid=save-macro]");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = name });
        await row.WaitForAsync();
        Assert.Contains("Replies", await row.Locator("[data-testid=macro-summary]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "macros.png") });

        await row.Locator("[data-testid=delete-macro]").ClickAsync();
        await page.ClickAsync(".mud-dialog >> text=Cancel");
        await row.WaitForAsync();
        await row.Locator("[data-testid=delete-macro]").ClickAsync();
        await page.ClickAsync(".mud-dialog .mud-button >> text=Delete");
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Context.CloseAsync();
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<T>(Json))!;
        }
    }

    private static async Task<CustomerDetails> CustomerAsync(HttpClient manager, string lastName) =>
        await Read<CustomerDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput
            {
                FirstName = "Wendy", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}@example.com"], Tags = ["key-account", "prefers-email"],
                Notes = "Call before 10 am.\n<b>Never</b> on Fridays.",
            }, Json));

    private static async Task<ArticleDetails> PublishedArticleAsync(HttpClient writer, string title, string body)
    {
        var created = await Read<ArticleDetails>(await writer.PostAsJsonAsync(new Uri("/api/v1/kb/articles", UriKind.Relative),
            new ArticleInput { Title = title, Body = body, Visibility = ArticleVisibility.Public }, Json));
        return await Read<ArticleDetails>(await CasesFixture.PostAsync(writer, $"/api/v1/kb/articles/{created.Id}/publish", new { }, created.Version));
    }

    private static async Task<CaseDetails> AssignedCaseAsync(HttpClient manager, long customerId, string subject, string agentId)
    {
        var opened = await CasesFixture.OpenCaseAsync(manager, customerId, subject);
        return await Read<CaseDetails>(await CasesFixture.PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId)));
    }
}
