using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Crm.Sales.Tests.Features.Pipeline.PipelineFixture;


namespace Crm.Sales.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class PipelineBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Pipeline browser";
}

/// <summary>The kanban board in real Chromium: drag a card to another stage; dropping on Won asks for the reason.</summary>
[Collection(PipelineBrowserCollection.Name)]
public sealed class PipelineBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_rep_drags_an_opportunity_to_the_next_stage_and_then_to_Won_with_a_reason()
    {
        var stages = await browser.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync());
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        var won = stages.First(s => s.Kind == StageKind.Won);
        // A rep of their own, so the board holds only this test's cards (the Development host seeds demo opportunities).
        var rep = await NewRepAsync();
        var opportunity = await CreateAsync(rep, "Board drag " + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(open[0].Id, opportunity.StageId);

        var page = await browser.NewPageAsync(1600, 900);
        await BrowserFixture.SignInAsync(page, rep, RepPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        var card = page.Locator($"[data-testid=opportunity-card-{opportunity.Id}]");
        await card.WaitForAsync();
        var fromBefore = await CountAsync(page, open[0].Id);
        var toBefore = await CountAsync(page, open[1].Id);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-board-before.png"), FullPage = true });

        await card.DragToAsync(page.Locator($"[data-testid=stage-{open[1].Id}]"));

        await Assertions.Expect(page.Locator($"[data-testid=stage-{open[1].Id}] [data-testid=opportunity-card-{opportunity.Id}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=stage-{open[0].Id}] [data-testid=opportunity-card-{opportunity.Id}]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid=stage-count-{open[1].Id}]")).ToHaveTextAsync((toBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"[data-testid=stage-count-{open[0].Id}]")).ToHaveTextAsync((fromBefore - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stored = await StoredAsync(opportunity.Id);
        Assert.Equal(open[1].Id, stored.StageId);
        Assert.Equal(open[1].Probability, stored.Probability);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-board-after-drag.png"), FullPage = true });

        // Dropping on Won asks why; Cancel puts the card back and changes nothing.
        await page.Locator($"[data-testid=opportunity-card-{opportunity.Id}]").DragToAsync(page.Locator($"[data-testid=stage-{won.Id}]"));
        await page.WaitForSelectorAsync("[data-testid=reason]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-board-won-reason.png"), FullPage = true });
        await page.ClickAsync("[data-testid=reason-cancel]");
        await Assertions.Expect(page.Locator($"[data-testid=stage-{open[1].Id}] [data-testid=opportunity-card-{opportunity.Id}]")).ToBeVisibleAsync();
        Assert.Equal(open[1].Id, (await StoredAsync(opportunity.Id)).StageId);

        var wonBefore = await CountAsync(page, won.Id);
        await page.Locator($"[data-testid=opportunity-card-{opportunity.Id}]").DragToAsync(page.Locator($"[data-testid=stage-{won.Id}]"));
        await page.FillAsync("textarea[data-testid=reason], input[data-testid=reason]", "Signed after the demo");
        await page.ClickAsync("[data-testid=reason-ok]");
        await Assertions.Expect(page.Locator($"[data-testid=stage-count-{won.Id}]")).ToHaveTextAsync((wonBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"[data-testid=stage-{won.Id}] [data-testid=opportunity-card-{opportunity.Id}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=stage-{open[1].Id}] [data-testid=opportunity-card-{opportunity.Id}]")).ToHaveCountAsync(0);
        var closed = await StoredAsync(opportunity.Id);
        Assert.Equal(won.Id, closed.StageId);
        Assert.Equal("Signed after the demo", closed.CloseReason);
        Assert.NotNull(closed.ClosedAtUtc);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-board-won.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_forecast_and_list_pages_show_the_reps_pipeline()
    {
        var rep = await NewRepAsync();
        var opportunity = await CreateAsync(rep, "Forecast view " + Guid.NewGuid().ToString("N")[..6]);
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, rep, RepPassword);
        await page.GotoAsync("/pipeline/list");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync($"[data-testid=opportunities-table] >> text={opportunity.Name}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-list.png"), FullPage = true });
        await page.GotoAsync("/pipeline/forecast");
        await page.WaitForSelectorAsync("[data-interactive=true]");
        await page.WaitForSelectorAsync("[data-testid=forecast-table]");
        await page.WaitForSelectorAsync("[data-testid=forecast-chart] svg");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("pipeline-forecast.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_enters_a_lead_and_converts_it_to_the_existing_customer_the_duplicate_check_shows()
    {
        var email = $"lead-{Guid.NewGuid():N}"[..17] + "@example.com";
        CustomerDetails existing;
        using (var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local"))
        using (var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Katherine", LastName = "Johnson", Emails = [email] }, Json))
        {
            existing = await ReadAsync<CustomerDetails>(response);
        }

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.ClickAsync("text=Leads");
        await page.WaitForSelectorAsync("[data-testid=leads-table]");
        await page.ClickAsync("[data-testid=new-lead]");
        await FillDialogAsync(page, "[data-testid=lead-first-name]",
            ("[data-testid=lead-first-name]", "Katherine"), ("[data-testid=lead-last-name]", "Johnson"),
            ("[data-testid=lead-email]", email.ToUpperInvariant()), ("[data-testid=lead-company]", "NACA"));
        await page.ClickAsync("[data-testid=lead-save]");
        await page.WaitForSelectorAsync("[data-testid=lead-name] >> text=Katherine Johnson");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("lead-page.png"), FullPage = true });

        await page.ClickAsync("[data-testid=lead-convert]");
        await FillDialogAsync(page, "[data-testid=convert-name]", ("[data-testid=convert-amount]", "5000"));
        await page.ClickAsync("[data-testid=convert-ok]");
        await page.WaitForSelectorAsync("[data-testid=convert-duplicates] >> text=Katherine Johnson");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("lead-convert-duplicates.png"), FullPage = true });
        await page.ClickAsync($"[data-testid=use-customer-{existing.Id}]");
        // Converting is the longest server round trip of the test (lead, opportunity and timeline written, then the opportunity
        // page): give it time on a busy machine, and stop at once with the reason when the dialog reports a problem instead.
        await page.WaitForFunctionAsync(
            "() => location.pathname.startsWith('/pipeline/opportunities/') || document.querySelector('[data-testid=convert-problems]') !== null",
            null, new() { Timeout = 60_000 });
        var problems = page.Locator("[data-testid=convert-problems]");
        if (await problems.CountAsync() > 0)
        {
            Assert.Fail("The conversion was refused: " + await problems.InnerTextAsync());
        }

        await page.WaitForURLAsync("**/pipeline/opportunities/*", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("input[data-testid=opportunity-name]");

        var lead = await browser.Host.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Email == email));
        Assert.Equal(LeadStatus.Converted, lead.Status);
        Assert.Equal(existing.Id, lead.ConvertedCustomerId);
        var opportunity = await browser.Host.QueryAsync(db => db.Set<Opportunity>().AsNoTracking().SingleAsync(o => o.Id == lead.ConvertedOpportunityId));
        Assert.Equal(5000m, opportunity.Amount);
        Assert.Equal(existing.Id, opportunity.CustomerId);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("opportunity-edit.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private const string RepPassword = "Board-Rep-Passw0rd";

    /// <summary>
    /// Fills a dialog's fields once it has settled: a dialog puts the cursor in its first field (<paramref name="autoFocused"/>)
    /// a server round trip after it opens, and a fill before that would see its text moved to the first field. Then every
    /// field must show what it was given (no second try: a lost value is a defect).
    /// </summary>
    private static async Task FillDialogAsync(IPage page, string autoFocused, params (string Selector, string Value)[] fields)
    {
        await page.WaitForFunctionAsync("s => document.activeElement?.matches(s) === true", autoFocused);
        foreach (var (selector, value) in fields)
        {
            await page.FillAsync(selector, value);
        }

        foreach (var (selector, value) in fields)
        {
            var shown = await page.InputValueAsync(selector);
            Assert.True(Same(shown, value), $"{selector} shows '{shown}' instead of '{value}'");
        }

        // A number field shows what it was given formatted ("5,000.00") once it loses the focus.
        static bool Same(string shown, string value) =>
            shown == value || (decimal.TryParse(shown, System.Globalization.CultureInfo.CurrentCulture, out var a)
                && decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var b) && a == b);
    }

    private async Task<string> NewRepAsync()
    {
        var email = $"board-{Guid.NewGuid():N}"[..18] + "@ecrm.local";
        await using var scope = browser.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(email, "Board Rep", CrmRoles.SalesRep, RepPassword));
        Assert.True(created.Succeeded, created.ToString());
        return email;
    }

    private async Task<OpportunityDetails> CreateAsync(string email, string name)
    {
        using var rep = await browser.Host.SignedInClientAsync(email, RepPassword);
        using var customerResponse = await rep.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Board", LastName = "Customer" }, Json);
        var customer = await ReadAsync<CustomerDetails>(customerResponse);
        return await CreateOpportunityAsync(rep, new OpportunityInput
        {
            Name = name, CustomerId = customer.Id, Amount = 7500m, ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20),
        });
    }

    private Task<Opportunity> StoredAsync(long id) =>
        browser.Host.QueryAsync(db => db.Set<Opportunity>().AsNoTracking().SingleAsync(o => o.Id == id));

    private static async Task<int> CountAsync(IPage page, int stageId) =>
        int.Parse(await page.InnerTextAsync($"[data-testid=stage-count-{stageId}]"), System.Globalization.CultureInfo.InvariantCulture);

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
