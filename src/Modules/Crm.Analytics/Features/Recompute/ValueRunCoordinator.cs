using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Analytics.Features.Recompute;

/// <summary>Where the running recompute is.</summary>
internal sealed record ValueRunProgress(long RunId, DateOnly AsOf, string Trigger, string Stage, long Done, long? Total, DateTime StartedAtUtc)
{
    /// <summary>0-100 when the stage has a known size.</summary>
    public double? Percent => Total is > 0 ? Math.Min(100, 100.0 * Done / Total.Value) : null;
}

/// <summary>The answer to a request for a recompute.</summary>
internal sealed record ValueRunStart(long RunId, bool AlreadyRunning);

/// <summary>
/// Runs full recomputes in the background, never two at once: a request while one runs gets that run's id back. Each run
/// is recorded in <c>Analytics_Runs</c> with its outcome; progress is reported to listeners (throttled to 4 a second) and a
/// run can be cancelled, which leaves the stored figures as they were (the new ones are written in one transaction at the
/// end). Customers whose orders changed during a run are updated again once it has stored its figures.
/// </summary>
internal sealed partial class ValueRunCoordinator(
    IServiceScopeFactory scopeFactory,
    CurrentValueModel currentModel,
    CustomerValueChanges changes,
    LiveUpdateQueue liveQueue,
    TimeProvider clock,
    ILogger<ValueRunCoordinator> logger)
{
    private readonly Lock gate = new();
    private CancellationTokenSource? running;
    private ValueRunProgress? progress;
    private DateTime lastReport;
    private Task completion = Task.CompletedTask;
    private Task<long> starting = Task.FromResult(0L);

    /// <summary>Progress of the running recompute, or null when none runs.</summary>
    public ValueRunProgress? Current
    {
        get
        {
            lock (gate)
            {
                return progress;
            }
        }
    }

    /// <summary>The running recompute's task (completed when none runs), for tests and the command line.</summary>
    public Task Completion
    {
        get
        {
            lock (gate)
            {
                return completion;
            }
        }
    }

    /// <summary>Progress changed, a run started or ended (null: nothing runs). Called on the worker's thread.</summary>
    public event Action<ValueRunProgress?>? ProgressChanged;

    public async Task<ValueRunStart> StartAsync(DateOnly asOf, string trigger, string requestedBy, CancellationToken cancellationToken)
    {
        var reserved = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<long>? activeRun = null;
        lock (gate)
        {
            if (progress is not null)
            {
                activeRun = starting;
            }
            else
            {
                // Reserve the slot before the first await so a second request cannot slip in; it waits for our run's id.
                progress = new ValueRunProgress(0, asOf, trigger, "Starting", 0, null, clock.GetUtcNow().UtcDateTime);
                starting = reserved.Task;
            }
        }

        if (activeRun is not null)
        {
            return new ValueRunStart(await activeRun.WaitAsync(cancellationToken), AlreadyRunning: true);
        }

        ValueRun run;
        try
        {
            await using var system = await SystemDb.OpenAsync(scopeFactory, cancellationToken);
            var db = system.Context;
            run = new ValueRun
            {
                Trigger = trigger,
                RequestedBy = requestedBy,
                AsOf = asOf,
                Status = ValueRunStatus.Running,
                Stage = "Starting",
                StartedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            db.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            lock (gate)
            {
                progress = null;
            }

            reserved.TrySetException(ex);
            throw;
        }

        var cancellation = new CancellationTokenSource();
        lock (gate)
        {
            running = cancellation;
            progress = new ValueRunProgress(run.Id, asOf, trigger, "Starting", 0, null, run.StartedAtUtc);
            completion = Task.Run(() => ExecuteAsync(run.Id, asOf, cancellation), CancellationToken.None);
        }

        reserved.TrySetResult(run.Id);
        ProgressChanged?.Invoke(Current);
        return new ValueRunStart(run.Id, AlreadyRunning: false);
    }

    /// <summary>Asks the running recompute to stop; false when <paramref name="runId"/> is not running.</summary>
    public bool Cancel(long runId)
    {
        lock (gate)
        {
            if (progress?.RunId != runId || running is null)
            {
                return false;
            }

            running.Cancel();
            return true;
        }
    }

    private async Task ExecuteAsync(long runId, DateOnly asOf, CancellationTokenSource cancellation)
    {
        var status = ValueRunStatus.Failed;
        string? message = null;
        var customers = 0;
        var rules = 0;
        var touched = new HashSet<long>();
        void Touched(long customerId)
        {
            lock (touched)
            {
                touched.Add(customerId);
            }
        }

        changes.CustomerChanged += Touched;
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var recompute = scope.ServiceProvider.GetRequiredService<ValueRecompute>();
            (customers, rules) = await recompute.RunAsync(runId, asOf, new Progress(this, runId), cancellation.Token);
            status = ValueRunStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            status = ValueRunStatus.Cancelled;
            message = "Cancelled; the figures of the previous run were kept.";
        }
        catch (Exception ex)
        {
            message = ex.Message;
            LogFailed(logger, ex, runId);
        }
        finally
        {
            changes.CustomerChanged -= Touched;
        }

        await FinishAsync(runId, status, message, customers, rules);
        if (status == ValueRunStatus.Succeeded)
        {
            currentModel.Invalidate();
            changes.RaiseRecomputed();
            foreach (var customerId in touched)
            {
                liveQueue.Enqueue(customerId);
            }
        }

        lock (gate)
        {
            progress = null;
            running = null;
        }

        cancellation.Dispose();
        ProgressChanged?.Invoke(null);
    }

    private async Task FinishAsync(long runId, ValueRunStatus status, string? message, int customers, int rules)
    {
        try
        {
            await using var system = await SystemDb.OpenAsync(scopeFactory, CancellationToken.None);
            var db = system.Context;
            var run = await db.Set<ValueRun>().SingleAsync(r => r.Id == runId);
            run.Status = status;
            run.Message = message is { Length: > 2000 } ? message[..2000] : message;
            run.Customers = customers;
            run.Rules = rules;
            run.Stage = status == ValueRunStatus.Succeeded ? "Done" : run.Stage;
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, runId);
        }
    }

    private void Report(long runId, AnalyticsProgress value)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        ValueRunProgress? snapshot;
        lock (gate)
        {
            if (progress is null || progress.RunId != runId)
            {
                return;
            }

            var stageChanged = progress.Stage != value.Stage;
            progress = progress with { Stage = value.Stage, Done = value.Done, Total = value.Total };
            if (!stageChanged && now - lastReport < TimeSpan.FromMilliseconds(250) && value.Done != value.Total)
            {
                return;
            }

            lastReport = now;
            snapshot = progress;
        }

        ProgressChanged?.Invoke(snapshot);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer-value recompute {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long runId);

    /// <summary>Reports synchronously (not through the synchronization context, as <see cref="Progress{T}"/> would).</summary>
    private sealed class Progress(ValueRunCoordinator coordinator, long runId) : IProgress<AnalyticsProgress>
    {
        public void Report(AnalyticsProgress value) => coordinator.Report(runId, value);
    }
}
