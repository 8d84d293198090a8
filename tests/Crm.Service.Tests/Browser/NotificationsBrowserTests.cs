using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>An agent works in Chromium while a Manager gives them a case: the bell and a snackbar show it without a reload.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class NotificationsBrowserTests(BrowserFixture browser)
{
    // The demo host's minute sweep may notify the agent of demo cases' SLA warnings while this runs, so the test follows its
    // own notification rather than exact counts.
    [Fact]
    public async Task A_case_given_to_the_agent_shows_up_live_in_the_bell_and_opening_it_marks_it_read()
    {
        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/cases");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=notification-menu]");
        var unreadBefore = await UnreadAsync(page);

        var subject = "Bell " + Guid.NewGuid().ToString("N")[..6];
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var customerId = await browser.Host.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Contacts_Customers\"").SingleAsync());
        var opened = await CasesFixture.OpenCaseAsync(manager, customerId, subject);
        var agentId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        using (await CasesFixture.PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId))) { }

        // No reload: the circuit pushes the snackbar and the new count.
        await page.WaitForSelectorAsync($".mud-snackbar >> text={opened.Number} was assigned to you: {subject}");
        await page.WaitForFunctionAsync(
            "before => Number(document.querySelector('[data-testid=notification-count] .mud-badge')?.innerText || 0) > before", unreadBefore);
        await page.ClickAsync("[data-testid=notification-menu] button");
        var item = page.Locator("[data-testid=notification][data-read=false]", new PageLocatorOptions { HasText = subject });
        await item.WaitForAsync();
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "notifications-bell.png") });

        // The item is a real link: the browser goes to the case, whose page reads the case's notifications.
        Assert.Equal($"/cases/{opened.Id}", await item.GetAttributeAsync("href"));
        await item.ClickAsync();
        await page.WaitForURLAsync($"**/cases/{opened.Id}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync($"[data-interactive=true] >> text={subject}");
        await page.ClickAsync("[data-testid=notification-menu] button");
        await page.Locator("[data-testid=notification][data-read=true]", new PageLocatorOptions { HasText = subject }).WaitForAsync();
        Assert.True(await browser.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Notifications.AgentNotification>()
            .Where(n => n.CaseId == opened.Id && n.RecipientId == agentId).AllAsync(n => n.ReadAtUtc != null)));
        await page.Context.CloseAsync();
    }

    private static async Task<int> UnreadAsync(IPage page)
    {
        var badge = page.Locator("[data-testid=notification-count] .mud-badge");
        return await badge.CountAsync() == 0 || !await badge.IsVisibleAsync() ? 0 : int.Parse(await badge.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
