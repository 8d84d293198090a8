using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Contacts.Tests.Browser;

/// <summary>
/// A rep logs an outbound call and gets a code; the customer checks it on /verify with the keyboard only (no sign-in) and
/// sees the rep's first name, the channel and the time; a wrong code is no match; the sixth check in an hour is paused.
/// </summary>
[Collection(ContactsBrowserCollection.Name)]
public sealed class VerificationBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_checks_a_real_code_a_wrong_one_and_is_paused_after_five_tries()
    {
        var agent = await browser.NewSignedInPageAsync("rep@ecrm.local");
        await agent.GotoAsync("/customers/new");
        await agent.WaitForSelectorAsync("[data-interactive=true] [data-testid=last-name]");
        await agent.FillAsync("[data-testid=first-name]", "Vera");
        await agent.FillAsync("[data-testid=last-name]", "Fied" + Guid.NewGuid().ToString("N")[..6]);
        await agent.ClickAsync("[data-testid=save-customer]");
        await agent.WaitForSelectorAsync("[data-testid=timeline-empty]");
        await agent.ClickAsync("[data-testid=log-call]");
        await agent.FillAsync("[data-testid=interaction-subject]", "Your delivery date");
        await agent.ClickAsync("[data-testid=interaction-save]");
        var shown = await agent.WaitForSelectorAsync("[data-testid=interaction-verification-code] b");
        var code = (await shown!.InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await agent.WaitForSelectorAsync($".mud-snackbar >> text=Verification code for the customer: {code}");
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("verification-code-on-timeline.png"), FullPage = true });
        await agent.Context.CloseAsync();

        var customer = await browser.NewPageAsync();
        await customer.GotoAsync("/verify");
        await customer.WaitForSelectorAsync("[data-testid=never-ask] >> text=safe account");
        await Accessibility.AssertNoSeriousFindingsAsync(customer);
        // Keyboard only: Tab to the field, type as heard (lower case, a space), Enter.
        await customer.Keyboard.PressAsync("Tab");
        await customer.WaitForFunctionAsync("() => document.activeElement?.id === 'code'");
        await customer.Keyboard.TypeAsync(code.Replace('-', ' ').ToLowerInvariant());
        await customer.Keyboard.PressAsync("Enter");
        await customer.WaitForSelectorAsync("[data-testid=verify-match]");
        Assert.Equal("Rita", (await customer.InnerTextAsync("[data-testid=verify-agent]")).Trim());
        Assert.Equal("phone", (await customer.InnerTextAsync("[data-testid=verify-channel]")).Trim());
        Assert.EndsWith("UTC", (await customer.InnerTextAsync("[data-testid=verify-time]")).Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Fied", await customer.ContentAsync(), StringComparison.Ordinal); // nothing about the customer
        await Accessibility.AssertNoSeriousFindingsAsync(customer);
        await customer.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("verify-match.png"), FullPage = true });

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await customer.FillAsync("[data-testid=verify-code]", "WXYZ-2345");
            await customer.ClickAsync("[data-testid=verify-submit]");
            await customer.WaitForSelectorAsync("[data-testid=verify-no-match]");
        }

        await customer.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("verify-no-match.png"), FullPage = true });
        await customer.FillAsync("[data-testid=verify-code]", code);
        await customer.ClickAsync("[data-testid=verify-submit]");
        await customer.WaitForSelectorAsync("[data-testid=verify-paused] >> text=please wait");
        Assert.True(await customer.IsDisabledAsync("[data-testid=verify-submit]"));
        await Accessibility.AssertNoSeriousFindingsAsync(customer);
        await customer.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("verify-paused.png"), FullPage = true });
        await customer.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
