using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Touches only the cases whose stored next SLA threshold has come (<see cref="ServiceCase.SlaNextCheckAtUtc"/>, indexed):
/// brings their policy definition up to date, recomputes their figures, records each warning and breach reached once on
/// the thread and announces it (<see cref="SlaWarning"/>, <see cref="SlaBreached"/>, through the outbox with the case), and runs
/// the policy's escalation rules on it in the same unit of work (<see cref="Escalation.SlaEscalation"/>).
/// </summary>
internal sealed partial class SlaSweeper(IServiceScopeFactory scopeFactory, TimeProvider clock, ILogger<SlaSweeper> logger)
{
    private const int BatchSize = 200;

    /// <summary>One sweep at the clock's now; returns the warnings and breaches recorded.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(ServiceCase.SlaActor, CrmRoles.Admin);
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var escalation = scope.ServiceProvider.GetRequiredService<Escalation.SlaEscalation>();
        // A swept case's next threshold lies ahead; only a case that failed (changed meanwhile) can come back: skip it this time.
        var failed = new HashSet<long>();
        var recorded = 0;
        while (true)
        {
            List<long> due;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                due = await db.Set<ServiceCase>().AsNoTracking()
                    .Where(c => c.SlaNextCheckAtUtc != null && c.SlaNextCheckAtUtc <= now)
                    .OrderBy(c => c.SlaNextCheckAtUtc).ThenBy(c => c.Id).Select(c => c.Id).Take(BatchSize + failed.Count).ToListAsync(cancellationToken);
            }

            due.RemoveAll(failed.Contains);
            if (due.Count == 0)
            {
                return recorded;
            }

            foreach (var id in due)
            {
                try
                {
                    var (count, settled) = await SweepCaseAsync(contexts, escalation, id, now, cancellationToken);
                    recorded += count;
                    if (!settled)
                    {
                        failed.Add(id);
                    }
                }
                catch (ConflictException)
                {
                    // Someone changed the case meanwhile: its threshold is still due, the next sweep takes it.
                    failed.Add(id);
                }
            }
        }
    }

    private static async Task<(int Recorded, bool Settled)> SweepCaseAsync(
        IDbContextFactory<CrmDbContext> contexts, Escalation.SlaEscalation escalation, long id, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var serviceCase = await db.Set<ServiceCase>().SingleAsync(c => c.Id == id, cancellationToken);
        var crossings = await CaseSla.CatchUpAsync(db, serviceCase, now, record: true, cancellationToken);
        // Escalation rules run in this unit of work: the crossing and what the rules did commit together, once.
        if (await escalation.RunAsync(db, serviceCase, crossings, now, cancellationToken))
        {
            // The policy may have been chosen again: new figures, nothing more recorded now (no escalation feeds itself).
            await CaseSla.RefreshAsync(db, serviceCase, now, record: false, cancellationToken);
        }

        foreach (var crossing in crossings)
        {
            db.RaiseAfterCommit(crossing.Breach
                ? new SlaBreached(serviceCase.Id, serviceCase.CustomerId, serviceCase.OwnerId, crossing.Target, crossing.DueAtUtc, now)
                : new SlaWarning(serviceCase.Id, serviceCase.CustomerId, serviceCase.OwnerId, crossing.Target, crossing.DueAtUtc, now));
        }

        await db.SaveOrConflictAsync($"Case {serviceCase.Number} changed during the SLA sweep.", cancellationToken);
        return (crossings.Count, serviceCase.SlaNextCheckAtUtc is not { } next || next > now);
    }

    public void LogFailure(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The SLA sweep failed; it runs again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Runs the <see cref="SlaSweeper"/> every minute (on the host's <see cref="TimeProvider"/>).</summary>
internal sealed class SlaSweep(SlaSweeper sweeper, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                sweeper.LogFailure(ex);
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
