using System.Globalization;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>
/// A signed-in agent works in Chromium while a simulated PBX (HTTP posts from the test) rings their extension: the caller
/// pops on their screen without a reload, with the customer at a glance; an unknown number pops the new customer form.
/// A Manager sets the system up on the Telephone systems page.
/// </summary>
[Collection(CasesBrowserCollection.Name)]
public sealed class ScreenPopBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_call_to_the_agents_extension_pops_the_customer_and_one_click_opens_a_case_for_it()
    {
        var extension = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var credential = await SystemAsync(extension);
        var number = UkNumber();
        var lastName = "Popped" + Guid.NewGuid().ToString("N")[..5];
        await CustomerAsync(new CustomerInput { FirstName = "Ada", LastName = lastName, Phones = [number], Notes = "Prefers calls after 18:00." });

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/cases");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=call-popper][data-listening=true]", new() { State = WaitForSelectorState.Attached });

        var callId = Guid.NewGuid().ToString("N");
        await PbxAsync(credential, "newCall", callId, number.Replace(" ", "", StringComparison.Ordinal).TrimStart('+'), extension);
        var pop = page.Locator(".mud-dialog [data-testid=pop-customer-name]", new() { HasText = lastName });
        await pop.WaitForAsync();
        Assert.Equal("Ringing", await page.Locator("[data-testid=pop-status]").InnerTextAsync());
        Assert.Contains("Prefers calls after 18:00.", await page.Locator("[data-testid=pop-notes]").InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-testid=pop-panels] >> text=Value");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("screen-pop.png") });

        // The PBX reports the answer: the open pop follows without a click.
        await PbxAsync(credential, "answer", callId, number, extension, users: extension);
        await page.WaitForSelectorAsync("[data-testid=pop-status] >> text=In progress");
        await page.ClickAsync("[data-testid=pop-open-case]");
        var attached = page.Locator("[data-testid=pop-attached-case]");
        await attached.WaitForAsync();
        var caseId = await browser.Host.QueryAsync(db => db.Set<PhoneCall>().Where(c => c.CallId == callId).Select(c => c.CaseId).SingleAsync());
        Assert.Equal($"/cases/{caseId}", await attached.GetAttributeAsync("href"));
        await PbxAsync(credential, "hangup", callId, number, extension, cause: "normalClearing");
        await page.WaitForSelectorAsync("[data-testid=pop-status] >> text=Answered");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("screen-pop-attached.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_outbound_call_to_a_customer_pops_what_to_remember_and_a_verification_code_the_customer_can_check()
    {
        var extension = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var credential = await SystemAsync(extension);
        var number = UkNumber();
        var lastName = "Outbound" + Guid.NewGuid().ToString("N")[..5];
        var customerId = await CustomerAsync(new CustomerInput { FirstName = "Di", LastName = lastName, Phones = [number] });
        using (var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local"))
        {
            using var fact = await manager.PostAsJsonAsync(new Uri($"/api/v1/customers/{customerId}/preferences", UriKind.Relative),
                new PreferenceFactInput { Category = PreferenceCategory.Contact, Value = "Prefers phone after 18:00", Source = PreferenceSource.PhoneCall }, CasesFixture.Json);
            Assert.True(fact.IsSuccessStatusCode, await fact.Content.ReadAsStringAsync());
        }

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/cases");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=call-popper][data-listening=true]", new() { State = WaitForSelectorState.Attached });

        // The agent dials out from their extension: the pop shows the customer and the code to read out.
        await PbxAsync(credential, "newCall", Guid.NewGuid().ToString("N"), extension, number, direction: "out");
        await page.Locator(".mud-dialog [data-testid=pop-customer-name]", new() { HasText = lastName }).WaitForAsync();
        await page.Locator(".mud-dialog-title", new() { HasText = "Outgoing call" }).WaitForAsync();
        Assert.Contains("Contact: Prefers phone after 18:00", await page.Locator("[data-testid=pop-customer-preference]").InnerTextAsync(), StringComparison.Ordinal);
        var chip = await page.Locator("[data-testid=pop-verification-code]").InnerTextAsync();
        Assert.Matches("^Verification code [A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$", chip.Trim());
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("screen-pop-outbound.png") });

        // The customer checks the code on the public page's API: the agent's first name and the phone, nothing else.
        using var anonymous = browser.Host.CreateClient();
        using var verified = await anonymous.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code = chip.Trim()["Verification code ".Length..] }, CasesFixture.Json);
        var contact = await CasesFixture.ReadAsync<VerifiedContact>(verified);
        Assert.Equal("Sam", contact.AgentFirstName);
        Assert.Equal(Crm.Kernel.Channel.Phone, contact.Channel);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_call_from_an_unknown_number_pops_a_new_customer_form_with_the_number_and_registers_the_caller()
    {
        var extension = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var credential = await SystemAsync(extension);
        var number = UkNumber();
        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/cases");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=call-popper][data-listening=true]", new() { State = WaitForSelectorState.Attached });

        var callId = Guid.NewGuid().ToString("N");
        await PbxAsync(credential, "newCall", callId, number, extension);
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=pop-unknown]");
        var e164 = number.Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(e164, await page.InputValueAsync("input[data-testid=caller-phone]"));
        await page.ClickAsync("[data-testid=caller-register]");
        await page.WaitForSelectorAsync("[data-testid=pop-new-customer] .mud-input-error, [data-testid=caller-error]");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("screen-pop-unknown.png") });

        var lastName = "Newcaller" + Guid.NewGuid().ToString("N")[..5];
        await page.FillAsync("input[data-testid=caller-first-name]", "Bo");
        await page.FillAsync("input[data-testid=caller-last-name]", lastName);
        await page.ClickAsync("[data-testid=caller-register]");
        await page.Locator(".mud-dialog [data-testid=pop-customer-name]", new() { HasText = lastName }).WaitForAsync();

        var call = await browser.Host.QueryAsync(db => db.Set<PhoneCall>().SingleAsync(c => c.CallId == callId));
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var customer = await CasesFixture.ReadAsync<CustomerDetails>(await manager.GetAsync(new Uri($"/api/v1/customers/{call.CustomerId}", UriKind.Relative)));
        Assert.Equal(lastName, customer.LastName);
        Assert.Contains(e164, customer.Phones);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("screen-pop-registered.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_sets_up_a_telephone_system_and_sees_its_token_once()
    {
        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync("/service/telephony");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=phone-systems-table]");
        await page.ClickAsync("[data-testid=new-phone-system]");
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=save-phone-system]");
        await page.ClickAsync("[data-testid=save-phone-system]");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Give the telephone system a name.");

        var name = "Main line " + Guid.NewGuid().ToString("N")[..5];
        await page.FillAsync("input[data-testid=phone-system-name-field]", name);
        await page.ClickAsync("[data-testid=add-extension]");
        await page.FillAsync("input[data-testid=extension-field]", "42");
        await page.ClickAsync("[data-testid=extension-agent]");
        await page.ClickAsync(".mud-popover-open .mud-list-item >> text=Sam Agent");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-system-new.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-phone-system]");

        var url = await page.Locator("input[data-testid=credential-url]").InputValueAsync();
        var key = await browser.Host.QueryAsync(db => db.Set<PhoneSystem>().Where(s => s.Name == name).Select(s => s.Key).SingleAsync());
        Assert.Contains($"/api/v1/telephony/cti/{key}.", url, StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-system-token.png") });
        await page.ClickAsync("[data-testid=credential-done]");
        var row = page.Locator("[data-testid=phone-systems-table] tr", new() { HasText = name });
        await row.WaitForAsync();
        Assert.Contains("42 → Sam Agent", await row.Locator("[data-testid=phone-system-extensions]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(url[(url.IndexOf(key + ".", StringComparison.Ordinal) + key.Length + 1)..], await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-systems.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_missed_call_waits_in_the_agents_workspace_and_call_log_until_they_mark_it_called_back()
    {
        var extension = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        var credential = await SystemAsync(extension);
        var number = UkNumber();
        var lastName = "Missed" + Guid.NewGuid().ToString("N")[..5];
        await CustomerAsync(new CustomerInput { FirstName = "Cy", LastName = lastName, Phones = [number] });

        var callId = Guid.NewGuid().ToString("N");
        await PbxAsync(credential, "newCall", callId, number, extension);
        await PbxAsync(credential, "hangup", callId, number, extension, cause: "noAnswer");

        var page = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await page.GotoAsync("/service/workspace");
        await page.Locator("[data-testid=ws-call-back]", new() { HasText = lastName }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("workspace-call-backs.png") });

        await page.GotoAsync("/service/calls");
        await page.WaitForSelectorAsync("[data-testid=calls-table] [data-testid=call-customer]");
        await page.ClickAsync("[data-testid=call-filter] >> text=To call back");
        var row = page.Locator("[data-testid=calls-table] tr", new() { HasText = lastName });
        await row.Locator("[data-testid=call-to-call-back]").WaitForAsync();
        Assert.Contains("Missed (no answer)", await row.Locator("[data-testid=call-outcome]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("call-log.png"), FullPage = true });

        await row.Locator("[data-testid=called-back]").ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.False(await browser.Host.QueryAsync(db => db.Set<PhoneCall>().Where(c => c.CallId == callId).Select(c => c.CallBackPending).SingleAsync()));
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    /// <summary>A number in Ofcom's range for drama (+44 20 7946 0xxx): never a demo customer's.</summary>
    private static string UkNumber() => string.Create(CultureInfo.InvariantCulture, $"+44 20 7946 0{Random.Shared.Next(0, 1000):D3}");

    private async Task<long> CustomerAsync(CustomerInput input)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), input, CasesFixture.Json);
        return (await CasesFixture.ReadAsync<CustomerDetails>(created)).Id;
    }

    private async Task<PhoneSystemCredential> SystemAsync(string extension)
    {
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var agentId = await browser.Host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative), new PhoneSystemInput
        {
            Name = "Browser PBX " + Guid.NewGuid().ToString("N")[..6],
            Extensions = [new ExtensionInput { Extension = extension, AgentId = agentId }],
        }, CasesFixture.Json);
        return await CasesFixture.ReadAsync<PhoneSystemCredential>(response);
    }

    private async Task PbxAsync(PhoneSystemCredential credential, string name, string callId, string from, string to, string? cause = null, string? users = null, string direction = "in")
    {
        var fields = new List<KeyValuePair<string, string>> { new("event", name), new("callId", callId), new("from", from), new("to", to), new("direction", direction) };
        if (cause is not null)
        {
            fields.Add(new("cause", cause));
        }

        if (users is not null)
        {
            fields.Add(new("user[]", users));
        }

        using var client = browser.Host.CreateClient();
        using var response = await client.PostAsync(new Uri(credential.WebhookPath, UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
