using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>An agent logs a customer's phone call on a case and merges it into the customer's other case in Chromium; axe-core and screenshots.</summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class CaseLifecycleBrowserTests(BrowserFixture browser)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_agent_logs_a_customer_message_then_merges_the_case_into_the_customers_other_case_after_confirming()
    {
        var marker = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        var customer = await CustomerAsync("Merle" + marker);
        var source = await OpenAsync(agent, customer, "Kettle switch sticks");
        var target = await OpenAsync(agent, customer, "Kettle replacement");
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "agent@ecrm.local");

        await page.GotoAsync($"/cases/{source.Id}");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=case-status]");
        await page.ClickAsync("[data-testid=case-compose-kind] >> text=Log customer message");
        await page.ClickAsync("[data-testid=case-message-channel]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Phone");
        await page.FillAsync("textarea[data-testid=case-text]", "Called: the switch also gets hot.");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ClickAsync("[data-testid=case-send]");
        await page.WaitForSelectorAsync("[data-testid=case-entry-customer] >> text=Called: the switch also gets hot.");
        Assert.Contains("Customer on Phone", await page.Locator("[data-testid=case-entry-customer]").Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("textarea[data-testid=case-text]"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-customer-message.png"), FullPage = true });

        await page.ClickAsync("[data-testid=case-merge]");
        await page.ClickAsync("[role=dialog] [data-testid=merge-target]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={target.Number}");
        // The warning names the chosen case once the selection has reached the circuit.
        await page.WaitForSelectorAsync($"[data-testid=merge-warning] >> text=/{source.Number} will be closed.*shown on {target.Number}\\./");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-merge-dialog.png"), FullPage = true });
        await page.ClickAsync("[data-testid=merge-confirm]");

        // The page moves to the target, which shows the merged case's thread and links back to it.
        await page.WaitForSelectorAsync($"[data-testid=case-number] >> text={target.Number}");
        await page.WaitForSelectorAsync($"[data-testid=case-link] >> text={source.Number}");
        Assert.Contains("Merged from", await page.InnerTextAsync("[data-testid=case-link]"), StringComparison.Ordinal);
        await page.WaitForSelectorAsync($"[data-testid=case-entry-from] >> text=From {source.Number}");
        await page.WaitForSelectorAsync("[data-testid=case-entry-customer] >> text=Called: the switch also gets hot.");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-merged-target.png"), FullPage = true });

        await page.ClickAsync($"[data-testid=case-link] a >> text={source.Number}");
        await page.WaitForSelectorAsync("[data-testid=case-status] >> text=Closed");
        Assert.Contains("Merged into", await page.InnerTextAsync("[data-testid=case-link]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=case-merge]").CountAsync());
        await page.Context.CloseAsync();
    }

    private async Task<long> CustomerAsync(string lastName)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Kim", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}@example.com"] }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CustomerDetails>(Json))!.Id;
    }

    private static async Task<CaseDetails> OpenAsync(HttpClient agent, long customerId, string subject)
    {
        using var response = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new CaseInput { CustomerId = customerId, Subject = subject, Description = "It does not switch off.", Channel = Crm.Kernel.Channel.Email }, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
