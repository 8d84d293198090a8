using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>
/// A Manager defines and edits SLA policies (with a tier criterion and an escalation rule) and a business calendar in Chromium;
/// an agent sees the SLA panel of a case under a policy. Screenshots and axe-core.
/// </summary>
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

        // A target below one minute is refused with its reason, not quietly changed to 1.
        await manager.FillAsync("input[data-testid=sla-policy-name]", "Warranty desk " + marker);
        await manager.FillAsync("input[data-testid=sla-policy-first-response]", "-5");
        await manager.ClickAsync("[data-testid=sla-policy-save]");
        await manager.WaitForSelectorAsync("text=A target must be at least one business minute (leave it empty for no target).");
        Assert.Equal("-5", await manager.InputValueAsync("input[data-testid=sla-policy-first-response]"));

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
        Assert.Equal(0, await manager.Locator("[data-testid=sla-policies-shadowed]").CountAsync()); // criteria: no warning
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
        Assert.Contains($"First response: 45 min of business time under policy \"Warranty desk {marker}\"", explanation, StringComparison.Ordinal);
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

    [Fact]
    public async Task A_manager_edits_working_periods_and_a_holiday_then_a_policy_with_a_tier_criterion_and_an_escalation_rule()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync("/sla/calendars/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=sla-calendar-name]");
        await page.FillAsync("input[data-testid=sla-calendar-name]", "Lunch office " + marker);
        // Monday gets a second period that overlaps the first (12:00-24:00 against 09:00-17:00).
        await page.ClickAsync("[data-testid=sla-add-period-Monday]");
        var monday = page.Locator("[data-testid=sla-day-Monday] input");
        await monday.Nth(2).FillAsync("12:00");
        await page.ClickAsync("[data-testid=sla-calendar-save]");
        var overlap = await page.WaitForSelectorAsync("[data-testid=sla-calendar-periods-error]");
        Assert.Contains("overlap", await overlap!.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-calendar-overlap.png"), FullPage = true });

        // A lunch break instead: 09:00-12:00 and 13:30-17:30; and Christmas Eve, every year.
        await monday.Nth(1).FillAsync("12:00");
        await monday.Nth(2).FillAsync("13:30");
        await monday.Nth(3).FillAsync("17:30");
        await page.ClickAsync("[data-testid=sla-add-holiday]");
        var holidayInputs = page.Locator("section[aria-labelledby=sla-holidays-heading] input");
        await holidayInputs.Nth(0).FillAsync("2026-12-24");
        await holidayInputs.Nth(1).FillAsync("Christmas Eve");
        await page.ClickAsync("text=Every year");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-calendar-edit.png"), FullPage = true });
        await page.ClickAsync("[data-testid=sla-calendar-save]");
        await page.WaitForSelectorAsync($"[data-testid=sla-calendars-table] >> text=Lunch office {marker}");
        var stored = await browser.Host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<Crm.Service.Domain.Calendars.ServiceCalendar>().Where(c => c.Name == "Lunch office " + marker)));
        Assert.Equal(["09:00-12:00", "13:30-17:30"], stored.Periods.Where(p => p.Day == DayOfWeek.Monday)
            .Select(p => $"{Crm.Service.Domain.Calendars.WorkingPeriod.FormatMinute(p.StartMinute)}-{Crm.Service.Domain.Calendars.WorkingPeriod.FormatMinute(p.EndMinute)}"));
        var holiday = Assert.Single(stored.Holidays);
        Assert.Equal((new DateOnly(2026, 12, 24), "Christmas Eve", true), (holiday.Date, holiday.Name, holiday.RecursYearly));

        // A policy for Gold customers or better, with an escalation rule on the resolution breach.
        await page.GotoAsync("/sla/policies/new");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=sla-policy-name]");
        await page.FillAsync("input[data-testid=sla-policy-name]", "Gold desk " + marker);
        await page.FillAsync("input[data-testid=sla-policy-resolution]", "480");
        await page.ClickAsync("[data-testid=sla-policy-tier]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Gold or better");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=sla-rule-add]");
        await page.FillAsync("[data-testid=sla-rule] input[data-testid=sla-rule-name]", "Late gold " + marker);
        await page.ClickAsync("[data-testid=sla-policy-save]");
        var noAction = await page.WaitForSelectorAsync("[data-testid=sla-rule-error]");
        Assert.Equal("An escalation rule needs at least one action: reassign, raise the priority or notify the Managers.", (await noAction!.InnerTextAsync()).Trim());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policy-rule-invalid.png"), FullPage = true });

        await page.ClickAsync("[data-testid=sla-rule-target]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Resolution");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=sla-rule-priority]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=To Urgent");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=sla-rule] >> text=\"Notify the Managers\"");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policy-rule.png"), FullPage = true });
        await page.ClickAsync("[data-testid=sla-policy-save]");

        var row = page.Locator("[data-testid=sla-policies-table] tbody tr", new PageLocatorOptions { HasText = "Gold desk " + marker });
        await row.WaitForAsync();
        Assert.Contains("Customers Gold or better · 1 escalation rule", await row.InnerTextAsync(), StringComparison.Ordinal);
        var policy = await browser.Host.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<Crm.Service.Domain.Sla.ServiceSlaPolicy>().Where(p => p.Name == "Gold desk " + marker)));
        Assert.Equal(Crm.Analytics.Contracts.CustomerTier.Gold, policy.MinimumTier);
        Assert.Equal(new Crm.Service.Domain.Sla.EscalationRule("Late gold " + marker, SlaEscalationTrigger.Breach, SlaTarget.Resolution, null, null, false,
            CasePriority.Urgent, true), Assert.Single(policy.EscalationRules));
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("sla-policies-tier-rule.png"), FullPage = true });
        await page.Context.CloseAsync();
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
