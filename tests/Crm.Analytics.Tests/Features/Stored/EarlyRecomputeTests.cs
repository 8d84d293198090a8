using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Features.Stored;

/// <summary>Recomputes on a host of its own (they add snapshots the other tests count).</summary>
public sealed class EarlyRecomputeTests(StoredValuesHost fixture) : IClassFixture<StoredValuesHost>
{
    [Fact]
    public async Task A_recompute_as_of_a_date_when_few_customers_had_bought_succeeds_and_keeps_its_quarter()
    {
        // Two years back only the demo data's earliest buyers count: too few for profit to spread (the whale curve's
        // shares can be infinite), which once failed the run.
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2);
        var jobs = fixture.Host.Services.GetRequiredService<ICustomerValueJobs>();

        var result = await jobs.RecomputeAsync(asOf, "Test", "test");

        Assert.True(result.Status == "Succeeded", result.Message);
        var snapshot = await fixture.Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().SingleAsync(s => s.Period == ValueSnapshot.PeriodOf(asOf)));
        Assert.Equal(asOf, snapshot.AsOf);
        Assert.Equal(result.Customers, snapshot.Customers);
    }

    [Fact]
    public async Task A_second_request_while_a_recompute_starts_gets_the_running_runs_id()
    {
        var jobs = fixture.Host.Services.GetRequiredService<ValueRunCoordinator>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Should a request be late (a busy machine), the run waits at its save until every request is answered: on this
        // small database it could otherwise finish first, and the late request would then rightly start a run of its
        // own. (Not at an earlier report: the starting request itself reports the run's current progress.)
        using var answered = new ManualResetEventSlim();
        void Hold(ValueRunProgress? progress)
        {
            if (progress is { Stage: "Saving figures" })
            {
                answered.Wait(TimeSpan.FromMinutes(2));
            }
        }

        jobs.ProgressChanged += Hold;
        ValueRunStart[] starts;
        try
        {
            starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => jobs.StartAsync(today, "Test", "test", CancellationToken.None))));
        }
        finally
        {
            jobs.ProgressChanged -= Hold;
            answered.Set();
        }

        await jobs.Completion;

        var started = Assert.Single(starts, s => !s.AlreadyRunning);
        var run = await fixture.Host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().SingleAsync(r => r.Id == started.RunId));
        Assert.True(run.Status == ValueRunStatus.Succeeded, $"{run.Status}: {run.Message}");
        Assert.All(starts, s => Assert.Equal(started.RunId, s.RunId));
        Assert.True(started.RunId > 0);
    }
}
