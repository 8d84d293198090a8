using System.Globalization;
using System.Text.Json;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Crm.Analytics.Tests.Dashboards.Rfm.RfmDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

/// <summary>A Manager in Chromium: the RFM dashboard, a click from a heat-map cell to its customers, a recompute with progress.</summary>
[Collection(RfmDashboardCollection.Name)]
public sealed class RfmBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_opens_the_heat_map_and_clicks_a_cell_through_to_exactly_its_customers()
    {
        await WaitForRecomputesAsync(browser.Host);
        var page = await browser.NewPageAsync(1600, 900);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync("/analytics/rfm");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=rfm-heatmap]");
        var total = await browser.Host.QueryAsync(db => db.Set<CustomerValueRecord>().CountAsync());
        Assert.Equal(total.ToString("N0", CultureInfo.CurrentCulture), (await page.InnerTextAsync("[data-testid=rfm-total-customers]")).Trim());
        var cells = page.Locator("[data-testid^=rfm-cell-]");
        Assert.Equal(25, await cells.CountAsync());
        var counts = new List<(string TestId, int Customers)>();
        for (var i = 0; i < 25; i++)
        {
            var cell = cells.Nth(i);
            counts.Add((
                (await cell.GetAttributeAsync("data-testid"))!,
                int.Parse((await cell.GetAttributeAsync("data-customers"))!, CultureInfo.InvariantCulture)));
        }

        Assert.Equal(total, counts.Sum(c => c.Customers));
        Assert.Equal(total.ToString("N0", CultureInfo.CurrentCulture), (await page.InnerTextAsync("[data-testid=rfm-total] td:nth-child(2)")).Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("analytics-rfm.png"), FullPage = true });

        // A cell with fewer customers than a page holds, so every row is on screen.
        var (testId, customers) = counts.Where(c => c.Customers is > 0 and <= 25).MaxBy(c => c.Customers);
        await page.ClickAsync($"[data-testid={testId}]");
        await page.WaitForURLAsync("**/analytics/customers?**", new() { WaitUntil = WaitUntilState.Commit });
        var (r, f) = (testId.Split('-')[2], testId.Split('-')[3]);
        Assert.Contains($"r={r}&f={f}", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync($"[data-testid=customers-total] >> text={customers.ToString("N0", CultureInfo.CurrentCulture)} customers");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('[data-testid=customers-table] tbody [data-testid=customer-link]').length === {customers}");
        Assert.Equal(2, await page.Locator("[data-testid=filter-chip]").CountAsync());
        Assert.Contains($"R = {r}", await page.InnerTextAsync("[data-testid=customers-filters]"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("analytics-customers-filtered.png"), FullPage = true });

        // Clear all: every customer with figures.
        await page.ClickAsync("[data-testid=filter-clear]");
        await page.WaitForSelectorAsync($"[data-testid=customers-total] >> text={total.ToString("N0", CultureInfo.CurrentCulture)} customers");
        Assert.Equal(0, await page.Locator("[data-testid=filter-chip]").CountAsync());

        // A quarter without a snapshot: the empty state points to the recompute page.
        await page.GotoAsync("/analytics/rfm?source=2001-Q1");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=rfm-empty]");
        Assert.Contains("No figures yet: run a recompute", await page.InnerTextAsync("[data-testid=rfm-empty]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-testid=rfm-empty] a[href='/analytics/runs']").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=rfm-heatmap]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_starts_a_recompute_and_watches_it_to_the_end()
    {
        await WaitForRecomputesAsync(browser.Host);
        var page = await browser.NewPageAsync(1440, 900);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        await page.GotoAsync("/analytics/runs");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=run-start]");
        await page.WaitForSelectorAsync("[data-testid=runs-table] [data-testid=run-status]");

        // The live progress while the run waits (held by the test) at its final save.
        long runId;
        await using (var held = await StartHeldRunAsync(page))
        {
            runId = held.RunId;
            await page.WaitForSelectorAsync("[data-testid=run-progress] [data-testid=run-progress-bar]");
            Assert.Contains($"Recompute #{runId} as of", await page.InnerTextAsync("[data-testid=run-progress-title]"), StringComparison.Ordinal);
            Assert.Contains("is running (On demand)", await page.InnerTextAsync("[data-testid=run-progress-title]"), StringComparison.Ordinal);
            Assert.NotEmpty((await page.InnerTextAsync("[data-testid=run-stage]")).Trim());
            await page.WaitForSelectorAsync("[data-testid=runs-table] tbody tr:first-child [data-testid=run-status] >> text=Running");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("analytics-runs.png"), FullPage = true });
        }

        // Released, it saves and ends; the page says so, hides the progress and refreshes the history.
        await page.WaitForSelectorAsync("[data-testid=run-idle]", new() { Timeout = 120_000 });
        await page.WaitForSelectorAsync($"[data-testid=run-message] >> text=Recompute #{runId} as of");
        await page.WaitForSelectorAsync("[data-testid=run-message] >> text=succeeded");
        var run = await browser.Host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(ValueRunStatus.Succeeded, run.Status);
        Assert.Equal("On demand", run.Trigger);
        Assert.Equal("manager@ecrm.local", run.RequestedBy);
        await page.WaitForSelectorAsync("[data-testid=runs-table] tbody tr:first-child [data-testid=run-status] >> text=Succeeded");
        Assert.StartsWith(run.Id.ToString(CultureInfo.InvariantCulture), (await page.InnerTextAsync("[data-testid=runs-table] tbody tr:first-child")).Trim(), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-testid=snapshot-row]").CountAsync() >= 2);

        // Another one, cancelled from the page after confirming, while it waits at its save: the previous figures stay.
        long cancelledId;
        await using (var held = await StartHeldRunAsync(page))
        {
            cancelledId = held.RunId;
            await page.ClickAsync("[data-testid=run-progress] [data-testid=run-cancel]");
            await page.ClickAsync(".mud-dialog button >> text=Cancel recompute");
            await page.WaitForSelectorAsync("text=Cancelling: the run stops at its next check");
        }

        await page.WaitForSelectorAsync($"[data-testid=run-message] >> text=Recompute #{cancelledId} was cancelled", new() { Timeout = 120_000 });
        await page.WaitForSelectorAsync("[data-testid=runs-table] tbody tr:first-child [data-testid=run-status] >> text=Cancelled");
        var cancelled = await browser.Host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().SingleAsync(r => r.Id == cancelledId));
        Assert.Equal(ValueRunStatus.Cancelled, cancelled.Status);
        var lastSucceeded = await browser.Host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking()
            .Where(r => r.Status == ValueRunStatus.Succeeded).MaxAsync(r => r.Id));
        Assert.Equal(lastSucceeded, await browser.Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking()
            .Where(s => s.Period == ValueSnapshot.PeriodOf(run.AsOf)).Select(s => s.RunId).SingleAsync()));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Clicks "Recompute now" and holds the run where its save begins, until the returned handle is disposed: the
    /// coordinator raises its progress event on the run's own thread, so a listener that waits on the "Saving figures"
    /// stage keeps the run there, deterministically and without touching the database.
    /// </summary>
    private async Task<HeldRun> StartHeldRunAsync(IPage page)
    {
        var held = new HeldRun(browser.Host.Services.GetRequiredService<ValueRunCoordinator>());
        try
        {
            await page.ClickAsync("[data-testid=run-start]");
            await page.WaitForSelectorAsync("[data-testid=run-message] >> text=started");
            held.RunId = await held.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>A run waiting at the start of its save; disposing lets it go on.</summary>
    private sealed class HeldRun : IAsyncDisposable
    {
        private readonly ValueRunCoordinator coordinator;
        private readonly ManualResetEventSlim release = new();
        private readonly TaskCompletionSource<long> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldRun(ValueRunCoordinator coordinator)
        {
            this.coordinator = coordinator;
            coordinator.ProgressChanged += Hold;
        }

        public Task<long> Reached => reached.Task;

        public long RunId { get; set; }

        public ValueTask DisposeAsync()
        {
            coordinator.ProgressChanged -= Hold;
            release.Set();
            return ValueTask.CompletedTask;
        }

        private void Hold(ValueRunProgress? progress)
        {
            // Only the first report of the save stage waits; at most two minutes, so a failed test never keeps the run.
            if (progress is { Stage: "Saving figures" } && reached.TrySetResult(progress.RunId))
            {
                release.Wait(TimeSpan.FromMinutes(2));
            }
        }
    }

    [Fact]
    public async Task The_live_heat_map_shows_a_new_buyer_without_a_reload_when_an_order_is_posted_over_the_api()
    {
        await WaitForRecomputesAsync(browser.Host);
        using var api = await ApiKeyClientAsync(browser.Host, Crm.Kernel.CrmRoles.Manager);
        var product = (await GetAsync<JsonElement>(api, "/api/v1/products?inStock=true&active=true&pageSize=1")).GetProperty("items")[0].GetProperty("code").GetString();
        var page = await browser.NewPageAsync(1600, 900);
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");
        await page.GotoAsync("/analytics/rfm?source=live");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=rfm-heatmap]");
        var before = await browser.Host.QueryAsync(db => db.Set<CustomerValueRecord>().CountAsync());
        await page.WaitForSelectorAsync($"[data-testid=rfm-total-customers] >> text={before.ToString("N0", CultureInfo.CurrentCulture)}");

        var marker = Guid.NewGuid().ToString("N")[..8];
        using var order = await PostAsync(api, "/api/v1/orders", new
        {
            customer = new { email = $"rfm-{marker}@example.com", firstName = "Rfm", lastName = "Live" + marker },
            lines = new[] { new { productCode = product, quantity = 1 } },
        });
        Assert.True(order.StatusCode == System.Net.HttpStatusCode.Created, await order.Content.ReadAsStringAsync());

        // The new buyer gets figures in real time and the open page reloads them by itself (at most every 2 s).
        await page.WaitForSelectorAsync($"[data-testid=rfm-total-customers] >> text={(before + 1).ToString("N0", CultureInfo.CurrentCulture)}");
        Assert.Equal(before + 1, await browser.Host.QueryAsync(db => db.Set<CustomerValueRecord>().CountAsync()));
        Assert.Contains("1 customer(s) updated in real time", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await page.Context.CloseAsync();

        // A recompute so the other tests of the collection see figures scored together again.
        using var restore = await PostAsync(api, "/api/v1/analytics/runs", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, restore.StatusCode);
        await WaitForRecomputesAsync(browser.Host);
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
