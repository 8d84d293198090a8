using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>A Manager sets up a queue in Chromium; an agent changes their presence in the app bar. Screenshots and axe-core.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class QueuesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_creates_a_queue_with_members_and_sees_it_listed_with_their_presence()
    {
        var name = "Returns " + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync("/service/queues");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=agents-table] >> text=Sam Agent");
        await Accessibility.AssertNoSeriousFindingsAsync(page);

        await page.ClickAsync("[data-testid=new-queue]");
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=save-queue]");
        await page.ClickAsync("[data-testid=save-queue]");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Give the queue a name.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("queue-new-invalid.png"), FullPage = true });

        await page.FillAsync("input[data-testid=queue-name-field]", name);
        await page.FillAsync("textarea[data-testid=queue-description]", "Parcels customers send back");
        await page.ClickAsync("[data-testid=queue-members-field]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Sam Agent");
        await page.ClickAsync(".mud-dialog .mud-dialog-title");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("queue-new.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-queue]");

        var row = page.Locator("[data-testid=queues-table] tr", new PageLocatorOptions { HasText = name });
        await row.WaitForAsync();
        Assert.Contains("Sam Agent", await row.Locator("[data-testid=queue-members]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Round robin", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("queues.png"), FullPage = true });

        var stored = await browser.Host.QueryAsync(db => db.Set<ServiceQueue>().Include(q => q.Members).SingleAsync(q => q.Name == name));
        Assert.Single(stored.Members);

        // An assignment rule sends cases that mention a refund to the new queue.
        await page.ClickAsync("[data-testid=new-rule]");
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=save-rule]");
        await page.ClickAsync("[data-testid=save-rule]");
        await page.WaitForSelectorAsync("[data-testid=rule-error] >> text=Choose the queue the cases go to.");
        await page.ClickAsync("[data-testid=rule-queue-field]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={name}");
        await page.FillAsync("input[data-testid=rule-keywords]", "refund, send back");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ClickAsync("[data-testid=save-rule]");
        var rule = page.Locator("[data-testid=rules-table] tr", new PageLocatorOptions { HasText = name });
        await rule.WaitForAsync();
        Assert.Contains("mentions \u201crefund\u201d or \u201csend back\u201d in its subject", await rule.Locator("[data-testid=rule-condition]").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("queues-rules.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_sets_their_presence_in_the_app_bar()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "agent@ecrm.local");
        // Opening the app puts the agent's chosen presence in force (Available unless they chose otherwise).
        var menu = page.Locator("[data-testid=presence-menu] button").First;
        await Assertions.Expect(menu).ToContainTextAsync("Available");
        await menu.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=presence-away]");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("presence-menu.png") });
        await page.ClickAsync("[data-testid=presence-away]");
        await Assertions.Expect(menu).ToContainTextAsync("Away");

        var agentId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        var stored = await browser.Host.QueryAsync(db => db.Set<AgentAvailability>().SingleAsync(a => a.AgentId == agentId));
        Assert.Equal(AgentPresence.Away, stored.Presence);
        Assert.Equal(AgentPresence.Away, stored.ChosenPresence);

        await menu.ClickAsync();
        await page.ClickAsync("[data-testid=presence-available]");
        await Assertions.Expect(menu).ToContainTextAsync("Available");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_pins_a_preferred_agent_on_the_customers_cases_tab()
    {
        var customerId = await browser.Host.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("SELECT MAX(\"Id\") AS \"Value\" FROM \"Contacts_Customers\"").SingleAsync());
        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync($"/customers/{customerId}");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.ClickAsync("[role=tab] >> text=Cases");
        await Assertions.Expect(page.Locator("[data-testid=customer-preferred-agents]")).ToContainTextAsync("none pinned");

        await page.ClickAsync("[data-testid=pin-agents]");
        await page.ClickAsync("[data-testid=preferred-agent-1]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Sam Agent");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("preferred-agents.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-preferred-agents]");

        await Assertions.Expect(page.Locator("[data-testid=customer-preferred-agents]")).ToContainTextAsync("Preferred agents: Sam Agent");
        var pins = await browser.Host.QueryAsync(db => db.Set<CustomerAgentPin>().Where(p => p.CustomerId == customerId).ToListAsync());
        Assert.Equal(1, Assert.Single(pins).Rank);
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
