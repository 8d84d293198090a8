using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>An agent saves a view of the case list, selects two cases and bulk-assigns them after confirming, in Chromium.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class CaseListBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_agent_saves_a_view_selects_two_cases_and_bulk_assigns_them_after_confirming()
    {
        var marker = "Bulk" + Guid.NewGuid().ToString("N")[..6];
        var agentId = await UserIdAsync("agent@ecrm.local");
        var managerId = await UserIdAsync("manager@ecrm.local");
        var managerName = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.DisplayName).SingleAsync());
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        var customer = await CustomerAsync(marker);
        var first = await OpenAsync(agent, customer.Id, $"Parcel lost {marker}", agentId);
        var second = await OpenAsync(agent, customer.Id, $"Invoice wrong {marker}", agentId);

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/cases");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=cases-table]");
        await page.FillAsync("input[data-testid=case-search]", marker);
        await WaitForRowsAsync(page, marker, 2);

        // Save the search as a view, leave it, and come back to it by picking the view.
        await page.ClickAsync("[data-testid=save-view]");
        await page.FillAsync("input[data-testid=view-name]", marker + " cases");
        await page.ClickAsync("[data-testid=view-save]");
        await page.WaitForSelectorAsync($"text=View \"{marker} cases\" saved.");
        await page.ClickAsync("[data-testid=case-view] >> text=Unassigned");
        await page.WaitForSelectorAsync("[data-testid=cases-empty]");
        await page.FillAsync("input[data-testid=case-search]", "");
        await page.WaitForFunctionAsync("() => document.querySelector('input[data-testid=case-search]').value === ''");
        await page.ClickAsync("[data-testid=saved-views]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={marker} cases");
        await WaitForRowsAsync(page, marker, 2);
        // The view's search reaches the box in the render after the rows: wait for it rather than read it at once.
        await page.WaitForFunctionAsync("m => document.querySelector('input[data-testid=case-search]').value === m", marker);

        // Select both rows, then assign them to the Manager: the dialog says what will happen to how many cases first.
        var boxes = page.Locator("[data-testid=cases-table] tbody input[type=checkbox]");
        Assert.Equal(2, await boxes.CountAsync());
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await page.WaitForSelectorAsync("[data-testid=bulk-count] >> text=2 cases selected");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-list-selected.png"), FullPage = true });

        await page.ClickAsync("[data-testid=bulk-assign]");
        await page.ClickAsync("[data-testid=bulk-owner]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={managerName}");
        await page.WaitForSelectorAsync($"[data-testid=bulk-confirm-text] >> text=The 2 cases will be assigned to {managerName}.");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-list-bulk-confirm.png"), FullPage = true });
        await page.ClickAsync("[data-testid=bulk-confirm]");

        await page.WaitForSelectorAsync("[data-testid=bulk-result] >> text=2 cases changed.");
        await page.WaitForSelectorAsync("[data-testid=bulk-bar]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-list-bulk-result.png"), FullPage = true });
        foreach (var id in new[] { first, second })
        {
            var shown = await agent.GetFromJsonAsync<CaseDetails>(new Uri($"/api/v1/cases/{id}", UriKind.Relative), Json);
            Assert.Equal(managerId, shown!.OwnerId);
            Assert.Contains(shown.Thread, e => e.Body == $"Assigned to {managerName}.");
        }
    }

    /// <summary>Waits until the table shows exactly <paramref name="count"/> rows of this test's cases (and nothing else).</summary>
    private static async Task WaitForRowsAsync(IPage page, string marker, int count) =>
        await page.WaitForFunctionAsync(
            "([marker, count]) => { const rows = [...document.querySelectorAll('[data-testid=cases-table] tbody tr')]; "
            + "return rows.length === count && rows.every(r => r.innerText.includes(marker)); }",
            new object[] { marker, count });

    private Task<string> UserIdAsync(string email) =>
        browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<CustomerDetails> CustomerAsync(string lastName)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Lee", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}@example.com"] }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
    }

    private static async Task<long> OpenAsync(HttpClient agent, long customerId, string subject, string ownerId)
    {
        using var response = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new CaseInput { CustomerId = customerId, Subject = subject, Description = "Please help.", OwnerId = ownerId }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json))!.Id;
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
