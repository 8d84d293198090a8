using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>A Manager defines and edits an SLA policy in Chromium; an agent sees the SLA panel of a case under it. Screenshots and axe-core.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class SlaBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task A_manager_adds_and_edits_a_policy_and_an_agent_sees_its_deadlines_on_the_case()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var category = "Warranty " + marker;
        var manager = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(manager, "manager@ecrm.local");

        await manager.ClickAsync("[data-testid=nav-menu] >> text=SLA policies");
        await manager.WaitForSelectorAsync("[data-testid=sla-policies-table] >> text=Standard");
        await manager.ClickAsync("[data-testid=sla-policy-new]");
        await manager.WaitForSelectorAsync("[data-interactive=true] [data-testid=sla-policy-name]");
        await manager.ClickAsync("[data-testid=sla-policy-save]");
        await manager.WaitForSelectorAsync("text=A policy needs a name.");
        await manager.WaitForSelectorAsync("text=A policy needs at least one target.");
        await Accessibility.AssertNoSeriousFindingsAsync(manager);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policy-invalid.png"), FullPage = true });

        await manager.FillAsync("input[data-testid=sla-policy-name]", "Warranty desk " + marker);
        await manager.FillAsync("input[data-testid=sla-policy-category]", category);
        await manager.FillAsync("input[data-testid=sla-policy-first-response]", "30");
        await manager.FillAsync("input[data-testid=sla-policy-resolution]", "480");
        await manager.ClickAsync("[data-testid=sla-policy-save]");
        await manager.WaitForSelectorAsync($"[data-testid=sla-policies-table] >> text=Warranty desk {marker}");
        var firstRow = await manager.InnerTextAsync("[data-testid=sla-policies-table] tbody tr >> nth=0");
        Assert.Contains("Warranty desk " + marker, firstRow, StringComparison.Ordinal);
        Assert.Contains("30 min", firstRow, StringComparison.Ordinal);

        // Edit: the first response becomes 45 minutes.
        await manager.ClickAsync($"[data-testid=sla-policies-table] a >> text=Warranty desk {marker}");
        await manager.WaitForFunctionAsync("() => document.querySelector('input[data-testid=sla-policy-first-response]')?.value === '30'");
        await manager.WaitForSelectorAsync("[data-interactive=true] [data-testid=sla-policy-name]");
        await manager.FillAsync("input[data-testid=sla-policy-first-response]", "45");
        await Accessibility.AssertNoSeriousFindingsAsync(manager);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policy-edit.png"), FullPage = true });
        await manager.ClickAsync("[data-testid=sla-policy-save]");
        await manager.WaitForSelectorAsync("[data-testid=sla-policies-table] tbody tr >> nth=0 >> text=45 min");
        await Accessibility.AssertNoSeriousFindingsAsync(manager);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policies.png"), FullPage = true });
        await manager.Context.CloseAsync();

        // An agent's case in that category gets the policy; the panel shows the targets and how they were derived.
        var caseId = await OpenCaseAsync(category);
        var agent = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(agent, "agent@ecrm.local");
        await agent.GotoAsync($"/cases/{caseId}");
        await agent.WaitForSelectorAsync("[data-interactive=true] [data-testid=case-sla]");
        Assert.Contains("Warranty desk " + marker, await agent.InnerTextAsync("[data-testid=case-sla]"), StringComparison.Ordinal);
        Assert.Equal("Running", (await agent.InnerTextAsync("[data-testid=case-sla-FirstResponse] [data-testid=case-sla-target-state]")).Trim());
        Assert.Contains("min business time", await agent.InnerTextAsync("[data-testid=case-sla-FirstResponse] [data-testid=case-sla-remaining]"), StringComparison.Ordinal);
        await agent.ClickAsync("[data-testid=case-sla-FirstResponse] [data-testid=case-sla-how]");
        var explanation = await agent.InnerTextAsync("[data-testid=case-sla-FirstResponse] [data-testid=case-sla-explanation]");
        Assert.Contains($"First response: 45 business minutes under policy \"Warranty desk {marker}\"", explanation, StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(agent);
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-sla-panel.png"), FullPage = true });

        // The case list shows the SLA state.
        await agent.GotoAsync("/cases");
        await agent.WaitForSelectorAsync("[data-interactive=true] [data-testid=cases-table] >> text=Kettle stopped working");
        var row = agent.Locator("[data-testid=cases-table] tbody tr", new PageLocatorOptions { HasText = "Kettle stopped working" });
        Assert.Contains("Running", await row.Locator("[data-testid=case-row-sla]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(agent);
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-list-sla.png"), FullPage = true });
        await agent.Context.CloseAsync();
    }

    private async Task<long> OpenCaseAsync(string category)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var customer = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Sla", LastName = "Panel", Emails = [$"sla-{Guid.NewGuid():N}@example.com"] }, Json);
        var customerId = (await customer.Content.ReadFromJsonAsync<CustomerDetails>(Json))!.Id;
        var agentId = await browser.Host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id)));
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        using var opened = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new CaseInput { CustomerId = customerId, Subject = "Kettle stopped working", Channel = Channel.Email, Category = category, OwnerId = agentId }, Json);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<CaseDetails>(Json))!.Id;
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
