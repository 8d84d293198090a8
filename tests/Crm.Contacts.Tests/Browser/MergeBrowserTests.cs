using Crm.Contacts.Contracts;
using Crm.Testing;
using Microsoft.Playwright;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Browser;

[Collection(ContactsBrowserCollection.Name)]
public sealed class MergeBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_reviews_duplicates_compares_a_pair_chooses_a_field_merges_and_lands_on_the_survivor_with_both_timelines()
    {
        var m = Guid.NewGuid().ToString("N")[..6];
        using var api = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(api, new CustomerInput
        {
            FirstName = "Ada",
            LastName = $"Byron{m}",
            JobTitle = "Analyst",
            Emails = [$"ada.{m}@example.com"],
            Address = new AddressDto(null, null, "London", null, "UK"),
            Tags = ["math"],
        });
        var merged = await CreateAsync(api, new CustomerInput
        {
            FirstName = "Ada",
            LastName = $"Byron{m}",
            JobTitle = "Countess",
            Emails = [$"ADA.{m}@example.com"],
            Phones = ["+44 20 7946 0321"],
            Address = new AddressDto(null, null, "London", null, "UK"),
            Website = "analytical-engine.example.com",
            Tags = ["engines"],
        });
        await LogAsync(api, survivor.Id, new InteractionInput { Subject = $"Talked about Bernoulli numbers {m}", OccurredAtUtc = DateTime.UtcNow.AddDays(-2) });
        await LogAsync(api, merged.Id, new InteractionInput { Subject = $"Asked about the Analytical Engine {m}", OccurredAtUtc = DateTime.UtcNow.AddDays(-1) });

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.ClickAsync("text=Duplicates");
        await page.WaitForURLAsync("**/customers/duplicates", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=duplicates-table]");
        var compare = $"[data-testid=compare-{survivor.Id}-{merged.Id}]";
        await page.WaitForSelectorAsync(compare);
        var row = page.Locator("tr", new PageLocatorOptions { Has = page.Locator(compare) });
        Assert.Contains($"same email ada.{m}@example.com; same name in London", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-merge-duplicates.png"), FullPage = true });

        await page.ClickAsync(compare);
        await page.WaitForURLAsync($"**/customers/merge/{survivor.Id}/{merged.Id}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=merge-fields]");
        // Defaults: the survivor's job title; the website only the merged customer has.
        Assert.True(await IsChosenAsync(page, $"take-JobTitle-{survivor.Id}"));
        Assert.True(await IsChosenAsync(page, $"take-Website-{merged.Id}"));
        await page.ClickAsync($"[data-testid=take-JobTitle-{merged.Id}]");
        await page.WaitForSelectorAsync($"span.mud-checked:has(> [data-testid=take-JobTitle-{merged.Id}])");
        Assert.False(await IsChosenAsync(page, $"take-JobTitle-{survivor.Id}"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-merge-compare.png"), FullPage = true });

        await page.ClickAsync("[data-testid=merge-customers]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByText("Merge these customers?").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-merge-confirm.png") });
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Merge", Exact = true }).ClickAsync();

        // Either the survivor's page or the page's reason for refusing the merge, so a refusal fails with its message.
        await page.WaitForFunctionAsync(
            $"() => location.pathname === '/customers/{survivor.Id}' || document.querySelector('[data-testid=merge-problem]') !== null");
        var refusal = page.Locator("[data-testid=merge-problem]");
        if (await refusal.CountAsync() > 0)
        {
            Assert.Fail($"The merge was refused: {await refusal.InnerTextAsync()}");
        }

        await page.WaitForURLAsync($"**/customers/{survivor.Id}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync($"[data-testid=customer-name] >> text=Ada Byron{m}");
        await page.WaitForSelectorAsync($"[data-testid=timeline] >> text=Talked about Bernoulli numbers {m}");
        await page.WaitForSelectorAsync($"[data-testid=timeline] >> text=Asked about the Analytical Engine {m}");
        var header = await page.InnerTextAsync("[data-testid=customer-header]");
        Assert.Contains("Countess", header, StringComparison.Ordinal);
        Assert.Contains("analytical-engine.example.com", header, StringComparison.Ordinal);
        Assert.Contains("+44 20 7946 0321", header, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("customer-merge-survivor.png"), FullPage = true });

        await page.GotoAsync($"/customers/merge/{survivor.Id}/{merged.Id}");
        await page.WaitForSelectorAsync("[data-testid=merge-error]");
        await page.Context.CloseAsync();
    }

    /// <summary>MudRadio puts the test id on its input and marks the chosen one with mud-checked on the input's parent.</summary>
    private static async Task<bool> IsChosenAsync(IPage page, string testId) =>
        await page.Locator($"span.mud-checked:has(> [data-testid={testId}])").CountAsync() == 1;

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
