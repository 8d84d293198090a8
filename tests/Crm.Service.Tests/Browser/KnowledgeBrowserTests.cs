using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>
/// An agent writes and publishes an article, finds it by search, and quotes it in a case reply; the public reads it on the help
/// page without signing in. Screenshots and axe-core on each page.
/// </summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class KnowledgeBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_agent_writes_publishes_finds_and_quotes_an_article_in_a_reply_and_the_public_reads_it_on_the_help_page()
    {
        var marker = "ocelot" + Guid.NewGuid().ToString("N")[..6];
        var title = $"Returning an {marker} blender";
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "agent@ecrm.local");

        await page.ClickAsync("[data-testid=nav-menu] >> text=Knowledge base");
        await page.WaitForSelectorAsync("[data-testid=kb-table]");
        await page.ClickAsync("[data-testid=kb-new]");
        await page.WaitForSelectorAsync("[data-testid=kb-preview-empty]");
        await page.ClickAsync("[data-testid=kb-save]");
        await page.WaitForSelectorAsync("text=Give the article a title.");
        await page.WaitForSelectorAsync("text=Write the article's text.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-editor-invalid.png"), FullPage = true });

        await page.FillAsync("input[data-testid=kb-title]", title);
        await page.FillAsync("input[data-testid=kb-category]", "Orders");
        await page.FillAsync("input[data-testid=kb-tags]", "returns, blender");
        await page.ClickAsync("[data-testid=kb-visibility]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Public");
        await page.FillAsync("textarea[data-testid=kb-body]", $"## How to return\n\nSend the {marker} blender back within **30 days**. <script>alert(1)</script>");
        await page.WaitForSelectorAsync("[data-testid=kb-preview] strong >> text=30 days");
        Assert.Equal(0, await page.Locator("[data-testid=kb-preview] script").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-editor.png"), FullPage = true });

        await page.ClickAsync("[data-testid=kb-save-publish]");
        await page.ClickAsync(".mud-dialog >> button >> text=Publish");
        await page.WaitForSelectorAsync("[data-testid=kb-article-status] >> text=Revision 1");
        Assert.Contains("by Sam Agent", await page.InnerTextAsync("[data-testid=kb-article-published]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-testid=kb-revision]").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-article.png"), FullPage = true });

        await page.ClickAsync("[aria-label='Back to the knowledge base']");
        await page.WaitForSelectorAsync("[data-testid=kb-table]");
        await page.FillAsync("input[data-testid=kb-search]", marker[..9]);
        // The demo articles are listed first; the search (debounced) narrows the list to the one article.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=kb-row-title]').length === 1");
        Assert.Equal(title, (await page.InnerTextAsync("[data-testid=kb-row-title]")).Trim());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-list-search.png"), FullPage = true });

        // A case about the same thing suggests the article; the agent inserts it as a link and sends the reply.
        var caseId = await OpenCaseAsync($"My {marker} blender: how do I return it?");
        await page.GotoAsync($"/cases/{caseId}");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=case-composer]");
        await page.WaitForSelectorAsync($"[data-testid=kb-suggestion-title] >> text={title}");
        await page.ClickAsync("[data-testid=kb-suggestion] >> nth=0 >> [data-testid=kb-insert-link]");
        await page.WaitForSelectorAsync("[data-testid=case-quote] >> text=revision 1");
        var reply = await page.InputValueAsync("textarea[data-testid=case-text]");
        Assert.Matches($"^{title}: http://[^ ]+/help/returning-an-{marker}-blender$", reply);
        await page.ClickAsync("[data-testid=case-send]");
        await page.WaitForSelectorAsync("[data-testid=case-entry-reply] [data-testid=case-entry-quote] >> text=revision 1");
        Assert.Equal(0, await page.Locator("[data-testid=case-quote]").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-case-reply.png"), FullPage = true });

        // The link in the reply works for the customer: no sign-in.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync($"/help/returning-an-{marker}-blender");
        await visitor.WaitForSelectorAsync($"[data-testid=help-article-title] >> text={title}");
        Assert.Contains("30 days", await visitor.InnerTextAsync("[data-testid=help-article-body]"), StringComparison.Ordinal);
        Assert.Equal(0, await visitor.Locator("[data-testid=help-article-body] script").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(visitor);
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-help-article.png"), FullPage = true });
        await visitor.GotoAsync($"/help?q={marker}");
        await visitor.WaitForSelectorAsync($"[data-testid=help-article] >> text={title}");
        await Accessibility.AssertNoSeriousFindingsAsync(visitor);
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("kb-help.png"), FullPage = true });
        await visitor.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    private async Task<long> OpenCaseAsync(string subject)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        var repId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());
        using var customerResponse = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Kim", LastName = "Quoted", Emails = [$"quoted-{Guid.NewGuid():N}@example.com"], OwnerId = repId }, Json);
        Assert.True(customerResponse.IsSuccessStatusCode, await customerResponse.Content.ReadAsStringAsync());
        var customer = (await customerResponse.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
        using var caseResponse = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new CaseInput { CustomerId = customer.Id, Subject = subject, Description = "It is too loud.", Channel = Crm.Kernel.Channel.Email }, Json);
        Assert.True(caseResponse.IsSuccessStatusCode, await caseResponse.Content.ReadAsStringAsync());
        return (await caseResponse.Content.ReadFromJsonAsync<CaseDetails>(Json))!.Id;
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
