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
internal sealed partial class SlaSweeper(IServiceScopeFactory scopeFactory, TimeProvider clock, ILogger<SlaSweeper> logger) : IDisposable
{
    /// <summary>Cases per unit of work: a policy change makes 100,000 due at once, and each commit costs a disk sync.</summary>
    private const int BatchSize = 500;

    /// <summary>Batches of due cases read at a time.</summary>
    private const int BatchesPerRead = 10;

    /// <summary>One sweep at a time: two would fight over the same due cases.</summary>
    private readonly SemaphoreSlim running = new(1, 1);
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <see cref="Wake"/> is called: a policy, calendar or queue change made cases due now.</summary>
    public Task Woken => Volatile.Read(ref wake).Task;

    /// <summary>Asks the hosted sweep to run now instead of at its next minute (after a change made many cases due).</summary>
    public void Wake() => Volatile.Read(ref wake).TrySetResult();

    public void Dispose() => running.Dispose();

    /// <summary>One sweep at the clock's now; returns the warnings and breaches recorded.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            // A wake-up asked for before this sweep started is answered by it.
            Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            return await SweepNowAsync(cancellationToken);
        }
        finally
        {
            running.Release();
        }
    }

    private async Task<int> SweepNowAsync(CancellationToken cancellationToken)
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
                    .OrderBy(c => c.SlaNextCheckAtUtc).ThenBy(c => c.Id).Select(c => c.Id)
                    .Take((BatchSize * BatchesPerRead) + failed.Count).ToListAsync(cancellationToken);
            }

            due.RemoveAll(failed.Contains);
            if (due.Count == 0)
            {
                return recorded;
            }

            // While one batch is written, the next is read and recomputed on another thread (SQLite lets readers work beside
            // the one writer; the batches hold different cases).
            var batches = due.Chunk(BatchSize).ToList();
            Task<PreparedBatch>? preparing = Task.Run(() => PrepareBatchAsync(contexts, escalation, batches[0], now, cancellationToken), cancellationToken);
            try
            {
                for (var i = 0; i < batches.Count; i++)
                {
                    var batch = await preparing!;
                    preparing = null;
                    if (i + 1 < batches.Count)
                    {
                        var following = batches[i + 1];
                        preparing = Task.Run(() => PrepareBatchAsync(contexts, escalation, following, now, cancellationToken), cancellationToken);
                    }

                    bool saved;
                    await using (batch.Db)
                    {
                        saved = await TrySaveAsync(batch.Db);
                    }

                    if (saved)
                    {
                        recorded += batch.Recorded;
                        failed.UnionWith(batch.Cases.Where(c => c.SlaNextCheckAtUtc is { } next && next <= now).Select(c => c.Id));
                        continue;
                    }

                    // A case of the batch changed meanwhile: one by one (once the next batch is ready, so no two threads run the
                    // escalation rules at once), so only that case waits for the next sweep.
                    if (preparing is not null)
                    {
                        await ((Task)preparing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }

                    foreach (var id in batch.Ids)
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
            finally
            {
                // Failing or cancelled: the batch prepared meanwhile is not saved, but its unit of work is closed.
                if (preparing is not null && await preparing.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default) is { } unsaved)
                {
                    await unsaved.Db.DisposeAsync();
                }
            }
        }

        async Task<bool> TrySaveAsync(CrmDbContext db)
        {
            try
            {
                await db.SaveOrConflictAsync("A case changed during the SLA sweep.", cancellationToken);
                return true;
            }
            catch (ConflictException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Recomputes a batch of cases in one unit of work, not yet saved (after a policy change thousands are due at once; one
    /// transaction each would take minutes). The caller saves it, or sweeps its cases one by one when one changed meanwhile.
    /// </summary>
    private static async Task<PreparedBatch> PrepareBatchAsync(
        IDbContextFactory<CrmDbContext> contexts, Escalation.SlaEscalation escalation, IReadOnlyList<long> ids, DateTime now, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var cases = await db.Set<ServiceCase>().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
            var crossings = await CaseSla.CatchUpManyAsync(db, cases, now, record: true, cancellationToken);
            var recorded = 0;
            foreach (var serviceCase in cases)
            {
                recorded += await SettleAsync(db, escalation, serviceCase, crossings[serviceCase.Id], now, cancellationToken);
            }

            return new PreparedBatch(db, ids, cases, recorded);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A batch of recomputed cases, tracked by <see cref="Db"/> and not yet saved.</summary>
    private sealed record PreparedBatch(CrmDbContext Db, IReadOnlyList<long> Ids, IReadOnlyList<ServiceCase> Cases, int Recorded);

    private static async Task<(int Recorded, bool Settled)> SweepCaseAsync(
        IDbContextFactory<CrmDbContext> contexts, Escalation.SlaEscalation escalation, long id, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var serviceCase = await db.Set<ServiceCase>().SingleAsync(c => c.Id == id, cancellationToken);
        var crossings = await CaseSla.CatchUpAsync(db, serviceCase, now, record: true, cancellationToken);
        var recorded = await SettleAsync(db, escalation, serviceCase, crossings, now, cancellationToken);
        await db.SaveOrConflictAsync($"Case {serviceCase.Number} changed during the SLA sweep.", cancellationToken);
        return (recorded, serviceCase.SlaNextCheckAtUtc is not { } next || next > now);
    }

    /// <summary>After the case's figures are recomputed: its policy's escalation rules on what it crossed, and the crossings announced.</summary>
    private static async Task<int> SettleAsync(
        CrmDbContext db, Escalation.SlaEscalation escalation, ServiceCase serviceCase, IReadOnlyList<SlaCrossing> crossings, DateTime now,
        CancellationToken cancellationToken)
    {
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

        return crossings.Count;
    }

    public void LogFailure(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The SLA sweep failed; it runs again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Runs the <see cref="SlaSweeper"/> every minute (on the host's <see cref="TimeProvider"/>) and when woken.</summary>
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

            // Every minute, or at once when a change made cases due (the wait's timer is cancelled then).
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(Interval, clock, waiting.Token);
            await Task.WhenAny(delay, sweeper.Woken.WaitAsync(stoppingToken));
            await waiting.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
        }
    }
}
