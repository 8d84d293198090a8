using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>An agent corrects a case's subject and priority in the edit dialog: a clear message for an empty subject, then the saved values and the event.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class EditCaseBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_edits_the_subject_and_priority_of_a_case_and_sees_the_change_on_the_thread()
    {
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        var customerId = await browser.Host.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Contacts_Customers\"").SingleAsync());
        var subject = "Edit me " + Guid.NewGuid().ToString("N")[..6];
        var opened = await CasesFixture.OpenCaseAsync(agent, customerId, subject);
        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");

        await page.GotoAsync($"/cases/{opened.Id}");
        await page.ClickAsync("[data-interactive=true] [data-testid=case-edit]");
        await page.FillAsync("input[data-testid=edit-case-subject]", "");
        await page.ClickAsync("[data-testid=edit-case-save]");
        await page.WaitForSelectorAsync("[role=dialog] >> text=Give the case a subject.");
        await page.FillAsync("input[data-testid=edit-case-subject]", subject + " (urgent)");
        await page.ClickAsync("[data-testid=edit-case-priority]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Urgent");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "case-edit-dialog.png") });
        await page.ClickAsync("[data-testid=edit-case-save]");

        await page.WaitForSelectorAsync($"[data-testid=case-title] >> text={subject} (urgent)");
        await page.WaitForSelectorAsync("[data-testid=case-priority-chip] >> text=Urgent");
        await page.WaitForSelectorAsync($"[data-testid=case-event] >> text=priority Normal → Urgent");
        var stored = await browser.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Cases.ServiceCase>().SingleAsync(c => c.Id == opened.Id));
        Assert.Equal((subject + " (urgent)", CasePriority.Urgent), (stored.Subject, stored.Priority));
        await page.Context.CloseAsync();
    }
}
