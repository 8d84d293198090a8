using System.Net.Http.Json;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Web.Tests.Browser;

/// <summary>
/// Every page of the app, opened by a user who may see it once its data has loaded, and one dialog per module: axe-core
/// finds no critical or serious WCAG 2.1 A/AA problem. A screenshot of each page goes to the screenshot folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests(BrowserFixture browser)
{
    private const string Admin = "admin@ecrm.local";
    private const string Manager = "manager@ecrm.local";
    private const string Agent = "agent@ecrm.local";

    /// <summary>Route (ids as {customer}, {lead}, ...), who opens it, and a selector that shows its data has arrived.</summary>
    public static TheoryData<string, string?, string> Pages => new()
    {
        { "/", Manager, "[data-testid=home-links]" },
        { "/account/change-password", Manager, "#current" },
        { "/account/login", null, "[data-testid=sign-in]" },
        { "/admin/api-keys", Admin, "[data-testid=api-keys-table]" },
        { "/admin/events", Admin, "[data-testid=events-table]" },
        { "/admin/users", Admin, "[data-testid=users-table] >> text=rep@ecrm.local" },
        { "/analytics/associations", Manager, "[data-testid=rule-text]" },
        { "/analytics/customers", Manager, "[data-testid=customer-link]" },
        { "/analytics/due", Manager, "[data-testid=due-customer]" },
        { "/analytics/lifetime", Manager, "[data-testid=top-clv-customer]" },
        { "/analytics/migration", Manager, "[data-testid=migration-matrix]" },
        { "/analytics/rfm", Manager, "[data-testid=rfm-heatmap]" },
        { "/analytics/runs", Manager, "[data-testid=snapshot-row]" },
        { "/analytics/tiers", Manager, "[data-testid=tiers-spend]" },
        { "/cases", Agent, "[data-testid=cases-table]" },
        { "/service/queues", Manager, "[data-testid=agents-table]" },
        { "/service/telephony", Manager, "[data-testid=phone-systems-table]" },
        { "/service/calls", Agent, "[data-testid=calls-table]" },
        { "/service/mailboxes", Manager, "[data-testid=mailboxes-empty], [data-testid=mailboxes-table] tbody tr td" },
        { "/kb", Agent, "[data-testid=kb-table] tbody tr td a" },
        { "/help", null, "[data-testid=help-article]" },
        { "/customers", Manager, "[data-testid=customers-table] tbody tr td a" },
        { "/customers/duplicates", Manager, "[data-testid=duplicates-table], [data-testid=duplicates-none]" },
        { "/customers/import", Manager, "[data-testid=import-file]" },
        { "/customers/merge/{customer}/{other-customer}", Manager, "[data-testid=merge-fields]" },
        { "/customers/new", Manager, "[data-testid=first-name]" },
        { "/customers/{customer}", Manager, "[data-testid=timeline]" },
        { "/customers/{customer}/edit", Manager, "[data-testid=first-name]" },
        { "/leads", Manager, "[data-testid=leads-table] tbody tr td" },
        { "/leads/{lead}", Manager, "[data-testid=lead-name]" },
        { "/orders", Manager, "[data-testid=orders-table] tbody tr td a" },
        { "/orders/import", Manager, "[data-testid=order-import-file]" },
        { "/orders/new", Manager, "[data-testid=order-customer-picker]" },
        { "/orders/{order}", Manager, "[data-testid=order-line]" },
        { "/pipeline", Manager, "[data-testid^=opportunity-card-]" },
        { "/pipeline/forecast", Manager, "[data-testid=forecast-table]" },
        { "/pipeline/list", Manager, "[data-testid=opportunities-table] tbody tr td a" },
        { "/pipeline/opportunities/new", Manager, "[data-testid=opportunity-name]" },
        { "/pipeline/opportunities/{opportunity}", Manager, "[data-testid=opportunity-name]" },
        { "/pipeline/stages", Manager, "[data-testid=stages-table]" },
        { "/products", Manager, "[data-testid=products-table] tbody tr td" },
        { "/products/new", Manager, "[data-testid=product-code]" },
        { "/products/{product}/edit", Manager, "[data-testid=product-code]" },
        { "/sales/dashboard", Manager, "[data-testid=chart-months]" },
        { "/sla/calendars", Manager, "[data-testid=sla-calendars-table]" },
        { "/sla/calendars/1", Manager, "[data-testid=sla-calendar-name]" },
        { "/sla/calendars/new", Manager, "[data-testid=sla-day-Monday]" },
        { "/sla/policies", Manager, "[data-testid=sla-policies-table]" },
        { "/sla/policies/1", Manager, "[data-testid=sla-policy-name]" },
        { "/sla/policies/new", Manager, "[data-testid=sla-policy-calendar]" },
        { "/not-found", Manager, "[data-testid=not-found]" },
        { "/verify", null, "[data-testid=verify-form]" },
    };

    /// <summary>A page with a button that opens a dialog (one per module), and a field of the dialog.</summary>
    public static TheoryData<string, string, string, string> Dialogs => new()
    {
        { "/customers/{customer}", Manager, "[data-testid=log-call]", ".mud-dialog" },
        { "/leads", Manager, "[data-testid=new-lead]", ".mud-dialog" },
        { "/cases", Agent, "[data-testid=new-case]", ".mud-dialog" },
        { "/service/queues", Manager, "[data-testid=new-queue]", ".mud-dialog" },
        { "/service/telephony", Manager, "[data-testid=new-phone-system]", ".mud-dialog" },
        { "/service/mailboxes", Manager, "[data-testid=new-mailbox]", ".mud-dialog" },
        { "/analytics/due", Manager, "[data-testid=log-call-note] >> nth=0", ".mud-dialog" },
        { "/admin/users", Admin, "[data-testid=new-user]", ".mud-dialog" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_accessibility_findings(string route, string? user, string loaded)
    {
        var page = user is null ? await browser.NewPageAsync() : await browser.NewSignedInPageAsync(user);

        await page.GotoAsync(await ResolveAsync(route));
        if (!route.StartsWith("/account/", StringComparison.Ordinal) && !route.StartsWith("/help", StringComparison.Ordinal)
            && !route.StartsWith("/verify", StringComparison.Ordinal))
        {
            // The page is prerendered, then goes live: judge it once the circuit has rendered it with its data. The
            // account pages are static server-rendered forms (they set the sign-in cookie) and never go live; nor does the
            // public help center and the public /verify page (no sign-in, no circuit).
            await page.WaitForSelectorAsync("[data-interactive=true]");
        }

        await page.WaitForSelectorAsync(loaded);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot(route), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Dialogs))]
    public async Task The_dialog_has_no_serious_accessibility_findings(string route, string user, string opener, string dialog)
    {
        var page = await browser.NewSignedInPageAsync(user);
        await page.GotoAsync(await ResolveAsync(route));
        await page.WaitForSelectorAsync("[data-interactive=true]");

        await page.ClickAsync(opener);
        await page.WaitForSelectorAsync(dialog);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot(route + "-dialog"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private async Task<string> ResolveAsync(string route)
    {
        foreach (var (placeholder, table) in new[]
        {
            ("{customer}", "Contacts_Customers"), ("{other-customer}", "Contacts_Customers (last)"), ("{order}", "Sales_Orders"), ("{opportunity}", "Sales_Opportunities"),
            ("{product}", "Sales_Products"), ("{lead}", "Sales_Leads"),
        })
        {
            if (route.Contains(placeholder, StringComparison.Ordinal))
            {
                long id = await FirstIdAsync(table) ?? (table == "Sales_Leads" ? await NewLeadAsync() : throw new InvalidOperationException($"The demo data has no rows in {table}."));
                route = route.Replace(placeholder, id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
        }

        return route;
    }

    // Constant SQL per table: the table names are ours, never input.
    private Task<long?> FirstIdAsync(string table) =>
        browser.Host.QueryAsync(db => (table switch
        {
            "Contacts_Customers" => db.Database.SqlQueryRaw<long?>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Contacts_Customers\""),
            "Contacts_Customers (last)" => db.Database.SqlQueryRaw<long?>("SELECT MAX(\"Id\") AS \"Value\" FROM \"Contacts_Customers\""),
            "Sales_Orders" => db.Database.SqlQueryRaw<long?>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Sales_Orders\""),
            "Sales_Opportunities" => db.Database.SqlQueryRaw<long?>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Sales_Opportunities\""),
            "Sales_Products" => db.Database.SqlQueryRaw<long?>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Sales_Products\""),
            "Sales_Leads" => db.Database.SqlQueryRaw<long?>("SELECT MIN(\"Id\") AS \"Value\" FROM \"Sales_Leads\""),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
        }).SingleAsync());

    private async Task<long> NewLeadAsync()
    {
        using var manager = await browser.Host.SignedInClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/leads", UriKind.Relative),
            new { FirstName = "Alex", LastName = "Accessible", Email = "alex.accessible@example.com", Source = "web" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    private static string Shot(string route) =>
        Path.Combine(BrowserFixture.ScreenshotDirectory, "a11y-" + (route.Trim('/').Replace('/', '-').Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal) is { Length: > 0 } name ? name : "home") + ".png");

    private sealed record Created(long Id);
}
