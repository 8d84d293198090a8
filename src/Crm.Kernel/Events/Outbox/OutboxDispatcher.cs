using System.Threading.Channels;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Kernel.Events.Outbox;

/// <summary>
/// Delivers outbox messages to their handlers, at least once. Messages written by this process arrive through memory the
/// moment their transaction commits (they are leased to this dispatcher, so no other takes them meanwhile); a sweep every
/// few seconds takes over what is due and not leased: retries, messages written by the command line, and those of a
/// process that died. Taking is a conditional update of the lease, so two dispatchers on one database never hold the same
/// message. A handler's messages go to it in batches; a failed batch is retried message by message, each with back-off.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, EventSubscriptions subscriptions, OutboxOptions options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : BackgroundService, ILocalOutbox
{
    private readonly Channel<OutboxMessage> written = System.Threading.Channels.Channel.CreateUnbounded<OutboxMessage>(new UnboundedChannelOptions { SingleReader = true });
    private DateTime nextInboxPrune = DateTime.MinValue;

    public Guid Token { get; } = Guid.NewGuid();

    /// <summary>Raised after each round with the messages delivered and failed (tests wait on it).</summary>
    public event Action<OutboxRound>? RoundCompleted;

    public void Deliver(IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            written.Writer.TryWrite(message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitAsync(nextSweep - clock.GetUtcNow(), stoppingToken);
                var local = Drain();
                if (local.Count > 0)
                {
                    await DispatchAsync(local, stoppingToken);
                }

                if (clock.GetUtcNow() >= nextSweep)
                {
                    var claimed = await SweepAsync(stoppingToken);
                    // A full batch means more is waiting: sweep again at once.
                    nextSweep = clock.GetUtcNow() + (claimed == options.BatchSize ? TimeSpan.Zero : options.SweepInterval);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is unreachable, say: what was taken stays leased and is swept again after the lease.
                LogRoundFailed(ex);
                nextSweep = clock.GetUtcNow() + options.SweepInterval;
                await Task.Delay(options.SweepInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes due, unleased messages (at most a batch) and delivers them; returns how many were taken.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = Guid.NewGuid();
        List<OutboxMessage> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(cancellationToken);
            var due = db.OutboxMessages
                .Where(m => m.DeadAtUtc == null && m.AvailableAtUtc <= now && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
                .OrderBy(m => m.AvailableAtUtc)
                .Select(m => m.Id)
                .Take(options.BatchSize);
            // The lease condition again on the row itself: a dispatcher that waited for another's update sees it taken.
            var taken = await db.OutboxMessages
                .Where(m => due.Contains(m.Id) && m.DeadAtUtc == null && (m.LeasedUntilUtc == null || m.LeasedUntilUtc < now))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.LeaseToken, lease)
                    .SetProperty(m => m.LeasedUntilUtc, now + options.Lease), cancellationToken);
            if (taken == 0)
            {
                await PruneInboxAsync(db, now, cancellationToken);
                return 0;
            }

            claimed = await db.OutboxMessages.AsNoTracking().Where(m => m.LeaseToken == lease)
                .OrderBy(m => m.OccurredAtUtc).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        }

        await DispatchAsync(claimed, cancellationToken);
        return claimed.Count;
    }

    private async Task DispatchAsync(List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var delivered = new List<OutboxMessage>();
        var failed = new List<(OutboxMessage Message, string Error, bool Permanent)>();
        foreach (var group in messages.GroupBy(m => (m.Handler, m.RaisedBy)))
        {
            var batch = group.ToList();
            if (subscriptions.Find(group.Key.Handler) is not { } subscriber)
            {
                failed.AddRange(batch.Select(m => (m, $"No handler '{m.Handler}' is registered in this version of eCRM.", true)));
                continue;
            }

            var error = await TryDeliverAsync(subscriber, batch, cancellationToken);
            if (error is null)
            {
                delivered.AddRange(batch);
                continue;
            }

            // One bad message must not hold back the others: retry them one by one.
            foreach (var message in batch)
            {
                var own = batch.Count > 1 ? await TryDeliverAsync(subscriber, [message], cancellationToken) : error;
                if (own is null)
                {
                    delivered.Add(message);
                }
                else
                {
                    failed.Add((message, own, false));
                }
            }
        }

        await RecordAsync(delivered, failed, cancellationToken);
        RoundCompleted?.Invoke(new OutboxRound(delivered, [.. failed.Select(f => f.Message)]));
    }

    /// <summary>Null when the handler took the messages, else what went wrong.</summary>
    private async Task<string?> TryDeliverAsync(EventSubscriptions.Subscriber subscriber, IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // The handler's writes name whoever raised the event; handlers act for the system, not for that user's role.
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(batch[0].RaisedBy, CrmRoles.Admin);
            await subscriber.Deliver(scope.ServiceProvider, batch, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(ex, subscriber.Subscription.Key, batch.Count);
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private async Task RecordAsync(List<OutboxMessage> delivered, List<(OutboxMessage Message, string Error, bool Permanent)> failed, CancellationToken cancellationToken)
    {
        if (delivered.Count == 0 && failed.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(cancellationToken);
        foreach (var chunk in delivered.Select(m => m.Id).Chunk(500))
        {
            await db.OutboxMessages.Where(m => chunk.Contains(m.Id)).ExecuteDeleteAsync(CancellationToken.None);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (message, error, permanent) in failed)
        {
            var attempts = message.Attempts + 1;
            DateTime? dead = permanent || attempts >= options.MaxAttempts ? now : null;
            var text = error.Length > 2000 ? error[..2000] : error;
            await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.AvailableAtUtc, now + options.BackOff(attempts))
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeasedUntilUtc, (DateTime?)null)
                .SetProperty(m => m.DeadAtUtc, dead), CancellationToken.None);
            if (dead is not null)
            {
                LogDead(message.EventType, message.Handler, message.EventId, attempts);
            }
        }
    }

    private async Task PruneInboxAsync(CrmDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (now < nextInboxPrune)
        {
            return;
        }

        nextInboxPrune = now + TimeSpan.FromHours(1);
        var before = now - options.InboxRetention;
        await db.InboxEntries.Where(e => e.HandledAtUtc < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero || written.Reader.TryPeek(out _))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(wait, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await written.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Time for the sweep.
        }
    }

    private List<OutboxMessage> Drain()
    {
        var batch = new List<OutboxMessage>();
        while (batch.Count < options.BatchSize && written.Reader.TryRead(out var message))
        {
            batch.Add(message);
        }

        return batch;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An outbox round failed; its messages are taken again after their lease")]
    private partial void LogRoundFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler {Handler} failed on {Count} event(s); retried with back-off")]
    private partial void LogHandlerFailed(Exception ex, string handler, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {EventType} {EventId} for {Handler} gave up after {Attempts} attempts: see Administration > Events")]
    private partial void LogDead(string eventType, string handler, Guid eventId, int attempts);
}

/// <summary>What one round of the dispatcher delivered and what failed.</summary>
public sealed record OutboxRound(IReadOnlyList<OutboxMessage> Delivered, IReadOnlyList<OutboxMessage> Failed);
