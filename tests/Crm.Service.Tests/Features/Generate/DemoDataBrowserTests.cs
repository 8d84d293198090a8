using Crm.Service.Tests.Browser;
using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Features.Generate;

/// <summary>The Development demo data as an agent and a Manager first see it: the cases list and the queues page. Screenshots and axe-core.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class DemoDataBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_sees_demo_cases_with_SLA_states_and_a_manager_the_demo_queues_with_their_members()
    {
        // The agent's own open cases: most demo cases were routed to them.
        var agent = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await agent.GotoAsync("/cases");
        await agent.WaitForSelectorAsync("[data-interactive=true] [data-testid=cases-table] [data-testid=case-row-number]");
        Assert.True(await agent.Locator("[data-testid=case-row-number]").CountAsync() >= 10);
        await Assertions.Expect(agent.Locator("[data-testid=case-row-sla]").Filter(new LocatorFilterOptions { HasText = "Breached" }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousFindingsAsync(agent);
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("demo-cases.png"), FullPage = true });
        await agent.Context.CloseAsync();

        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync("/service/queues");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=queues-table]");
        foreach (var queue in new[] { "Orders and delivery", "Returns", "Technical", "VIP" })
        {
            var row = page.Locator("[data-testid=queues-table] tr", new PageLocatorOptions { HasText = queue });
            await row.First.WaitForAsync();
            Assert.NotEqual("", (await row.First.Locator("[data-testid=queue-members]").InnerTextAsync()).Trim());
        }

        await Assertions.Expect(page.Locator("[data-testid=rules-table]")).ToContainTextAsync("refund");
        // Agents with more open cases than their capacity are flagged (the demo desk has some: its cases outnumber capacities).
        using var api = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var agents = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<Crm.Service.Contracts.AgentAvailabilityView>>(
            api, new Uri("/api/v1/agents", UriKind.Relative), Crm.Service.Tests.Features.Cases.CasesFixture.Json);
        var overloaded = agents!.Count(a => a.OpenCases > a.Capacity);
        Assert.True(overloaded > 0);
        Assert.Equal(overloaded, await page.Locator("[data-testid=agent-over-capacity]").CountAsync());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("demo-queues.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
