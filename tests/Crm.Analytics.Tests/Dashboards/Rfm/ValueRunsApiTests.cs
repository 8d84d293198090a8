using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Analytics.Tests.Dashboards.Rfm.RfmDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

/// <summary>The recompute API: one run at a time (409 naming the running one), cancellation that keeps the figures, validation.</summary>
[Collection(RfmDashboardCollection.Name)]
public sealed class ValueRunsApiTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_second_start_while_one_runs_gets_409_and_a_cancelled_run_leaves_the_previous_figures()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // A run that completed would rewrite every row as of another date, so unchanged rows show the cancellation kept
        // them. The run is held at its first step until the cancel has been asked for, so it cannot finish first.
        var coordinator = host.Services.GetRequiredService<ValueRunCoordinator>();
        using var release = new ManualResetEventSlim();
        var held = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Hold(ValueRunProgress? progress)
        {
            // "Starting" is reported by the start call itself; the first other stage comes from the run's own thread.
            if (progress is not null && progress.Stage != "Starting" && held.TrySetResult(progress.RunId))
            {
                release.Wait(TimeSpan.FromMinutes(2));
            }
        }

        var before = await StoredFiguresAsync(host);
        var asOf = today.AddYears(-1);
        coordinator.ProgressChanged += Hold;
        var responses = Array.Empty<HttpResponseMessage>();
        try
        {
            responses = await Task.WhenAll(
                PostAsync(client, "/api/v1/analytics/runs", new { asOf }),
                PostAsync(client, "/api/v1/analytics/runs", new { asOf }));
            var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
            var conflict = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            var started = await accepted.Content.ReadFromJsonAsync<JsonElement>(Json);
            var runId = started.GetProperty("runId").GetInt64();
            Assert.Equal(asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), started.GetProperty("asOf").GetString());
            Assert.EndsWith($"/api/v1/analytics/runs/{runId}", accepted.Headers.Location?.ToString(), StringComparison.Ordinal);
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
            var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Equal(409, problem.GetProperty("status").GetInt32());
            Assert.Equal(runId, problem.GetProperty("runId").GetInt64());
            Assert.Contains($"Recompute {runId} is running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            Assert.Equal(runId, await held.Task.WaitAsync(TimeSpan.FromMinutes(2)));
            using var cancel = await PostAsync(client, $"/api/v1/analytics/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            release.Set();
            var ended = await WaitForRunAsync(host, client, runId);

            Assert.Equal("Cancelled", ended.GetProperty("status").GetString());
            Assert.Contains("previous run were kept", ended.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, ended.GetProperty("customers").GetInt32());
            Assert.NotNull(ended.GetProperty("finishedAtUtc").GetString());
            Assert.Equal(before, await StoredFiguresAsync(host));

            // The history lists it first; a cancel of a run that ended is a 409, of an unknown run a 404.
            var history = await GetAsync<JsonElement>(client, "/api/v1/analytics/runs?pageSize=5");
            Assert.Equal(runId, history.GetProperty("items")[0].GetProperty("id").GetInt64());
            Assert.Equal("Cancelled", history.GetProperty("items")[0].GetProperty("status").GetString());
            using var again = await PostAsync(client, $"/api/v1/analytics/runs/{runId}/cancel", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            using var unknown = await PostAsync(client, "/api/v1/analytics/runs/987654321/cancel", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            coordinator.ProgressChanged -= Hold;
            release.Set();
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_on_demand_run_records_who_asked_and_stores_its_quarter_snapshot()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-200);

        using var response = await PostAsync(client, "/api/v1/analytics/runs", new { asOf });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("runId").GetInt64();
        var ended = await WaitForRunAsync(host, client, runId);

        Assert.True(ended.GetProperty("status").GetString() == "Succeeded", ended.ToString());
        Assert.Equal("On demand", ended.GetProperty("trigger").GetString());
        Assert.Contains("'Rfm ", ended.GetProperty("requestedBy").GetString(), StringComparison.Ordinal);
        var period = ValueSnapshot.PeriodOf(asOf);
        var snapshot = await host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().SingleAsync(s => s.Period == period));
        Assert.Equal(runId, snapshot.RunId);
        Assert.Equal(asOf, snapshot.AsOf);
        var sources = await GetAsync<JsonElement>(client, "/api/v1/analytics/rfm/sources");
        Assert.Contains(sources.EnumerateArray(), s => s.GetProperty("source").GetString() == period);

        // Back to today's figures for the other tests of the collection.
        using var restore = await PostAsync(client, "/api/v1/analytics/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        var restoreId = (await restore.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("runId").GetInt64();
        Assert.Equal("Succeeded", (await WaitForRunAsync(host, client, restoreId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_as_of_date_in_the_future_is_a_400()
    {
        await WaitForRecomputesAsync(browser.Host);
        using var client = await ApiKeyClientAsync(browser.Host, CrmRoles.Manager);
        using var response = await PostAsync(client, "/api/v1/analytics/runs", new { asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("as-of date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Every stored customer row with the columns a recompute rewrites.</summary>
    private static Task<string> StoredFiguresAsync(CrmWebHost host) => host.QueryAsync(async db =>
    {
        var rows = await db.Set<CustomerValueRecord>().AsNoTracking().OrderBy(v => v.CustomerId)
            .Select(v => new { v.CustomerId, v.AsOf, v.RecencyDays, v.Segment, v.Monetary, v.SpendTier, v.Clv, v.UpdatedAtUtc }).ToListAsync();
        var snapshots = await db.Set<ValueSnapshot>().AsNoTracking().OrderBy(s => s.Period).Select(s => new { s.Period, s.RunId }).ToListAsync();
        return JsonSerializer.Serialize(new { rows, snapshots });
    });
}
