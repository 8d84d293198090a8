using System.Collections.Concurrent;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Crm.Service.Features.Email.ReceiveEmail;

/// <summary>
/// Reads every enabled mailbox over IMAP (MailKit), one watcher per mailbox: a round takes the folder's unseen emails in
/// order, hands each to <see cref="InboundEmailProcessor"/> and marks it seen once it is stored, ignored or quarantined;
/// then the watcher waits in IMAP IDLE where the server offers it (else polls, every <c>Email:PollInterval</c>, at most 60 s).
/// An email that failed is tried again after <c>Email:IntakeRetryDelay</c> (30 s) until its third failure quarantines it:
/// it never blocks the others. A lost or refused connection is tried again after a pause that doubles from
/// <c>Email:FirstReconnectDelay</c> (2 s) up to <see cref="MaxReconnectDelay"/>. A changed mailbox restarts its watcher.
/// </summary>
internal sealed partial class MailIntake(
    IServiceScopeFactory scopeFactory, MailboxSecrets secrets, TimeProvider clock, IConfiguration configuration, ILogger<MailIntake> logger)
{
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, List<TaskCompletionSource<IntakeOutcome>>> waiters = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan PollInterval { get; } = Min(configuration.GetValue("Email:PollInterval", MaxPollInterval), MaxPollInterval);

    public TimeSpan RetryDelay { get; } = configuration.GetValue("Email:IntakeRetryDelay", TimeSpan.FromSeconds(30));

    public TimeSpan FirstReconnectDelay { get; } = configuration.GetValue("Email:FirstReconnectDelay", TimeSpan.FromSeconds(2));

    /// <summary>A mailbox was added, changed or removed: the watchers are brought in line at once.</summary>
    public void MailboxesChanged() => Volatile.Read(ref changed).TrySetResult();

    /// <summary>
    /// Completes with what the intake does next with the email <paramref name="messageId"/> (the signal tests and callers
    /// await instead of polling); with <paramref name="stored"/>, an email already stored for good completes it at once.
    /// </summary>
    public async Task<IntakeOutcome> NextOutcomeAsync(string messageId, bool stored = false, CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource<IntakeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = waiters.GetOrAdd(messageId, _ => []);
        lock (list)
        {
            list.Add(waiter);
        }

        if (stored)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(cancellationToken);
            if (await db.Set<InboundEmail>().AsNoTracking().SingleOrDefaultAsync(e => e.MessageId == messageId, cancellationToken) is { } email
                && email.State != InboundEmailState.Failed)
            {
                waiter.TrySetResult(new IntakeOutcome(email.MailboxId, email.MessageId, email.State, email.CaseId, Duplicate: false, email.LastError));
            }
        }

        try
        {
            return await waiter.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (list)
            {
                list.Remove(waiter);
            }
        }
    }

    /// <summary>Keeps one watcher per enabled mailbox running until <paramref name="stoppingToken"/>.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var watchers = new Dictionary<long, Watcher>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A change announced from now on wakes the wait below, even one made while the mailboxes are being read.
                Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                List<Mailbox> enabled;
                try
                {
                    await using var scope = scopeFactory.CreateAsyncScope();
                    await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(stoppingToken);
                    enabled = await db.Set<Mailbox>().AsNoTracking().Where(m => m.IsEnabled).ToListAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(ex);
                    enabled = [.. watchers.Values.Select(w => w.Mailbox)];
                }

                foreach (var (id, watcher) in watchers.ToList())
                {
                    if (enabled.FirstOrDefault(m => m.Id == id) is not { } mailbox || Settings(mailbox) != Settings(watcher.Mailbox))
                    {
                        await watcher.StopAsync();
                        watchers.Remove(id);
                    }
                }

                foreach (var mailbox in enabled.Where(m => !watchers.ContainsKey(m.Id)))
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    watchers[mailbox.Id] = new Watcher(mailbox, stop, Task.Run(() => WatchAsync(mailbox, stop.Token), CancellationToken.None));
                }

                // A mailbox changed by another process (the command line) is picked up within a minute.
                await Task.WhenAny(Volatile.Read(ref changed).Task, Task.Delay(MaxPollInterval, clock, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var watcher in watchers.Values)
            {
                await watcher.StopAsync();
            }
        }
    }

    private async Task WatchAsync(Mailbox mailbox, CancellationToken stoppingToken)
    {
        var pause = FirstReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var imap = new ImapClient();
                await imap.ConnectAsync(mailbox.ImapHost, mailbox.ImapPort, SendEmail.EmailSender.Security(mailbox.ImapSecurity), stoppingToken);
                await imap.AuthenticateAsync(mailbox.ImapUser, mailbox.ImapPasswordCipher is { } cipher ? secrets.Unprotect(cipher) : "", stoppingToken);
                var folder = await imap.GetFolderAsync(mailbox.Folder, stoppingToken);
                var arrivals = new Arrivals();
                folder.CountChanged += arrivals.Arrived;
                await folder.OpenAsync(FolderAccess.ReadWrite, stoppingToken);
                LogConnected(mailbox.Name, mailbox.ImapHost, mailbox.ImapPort, imap.Capabilities.HasFlag(ImapCapabilities.Idle));
                pause = FirstReconnectDelay;
                while (!stoppingToken.IsCancellationRequested)
                {
                    arrivals.Reset();
                    var failing = await RoundAsync(mailbox, folder, stoppingToken);
                    await WaitForMailAsync(imap, arrivals, failing ? Min(RetryDelay, PollInterval) : PollInterval, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogServerDown(mailbox.Name, mailbox.ImapHost, mailbox.ImapPort, pause, ex.Message);
                await Task.Delay(pause, clock, stoppingToken);
                pause = Min(pause * 2, MaxReconnectDelay);
            }
        }
    }

    /// <summary>One round over the folder's unseen emails; true when one of them failed and waits for another try.</summary>
    private async Task<bool> RoundAsync(Mailbox mailbox, IMailFolder folder, CancellationToken cancellationToken)
    {
        var failing = false;
        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, cancellationToken);
        foreach (var uid in unseen.OrderBy(u => u.Id))
        {
            var fallbackId = $"{mailbox.Id}.{folder.UidValidity}.{uid.Id}@imap.invalid";
            IntakeOutcome outcome;
            await using (var scope = scopeFactory.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(InboundEmailProcessor.Actor, CrmRoles.Admin);
                var processor = scope.ServiceProvider.GetRequiredService<InboundEmailProcessor>();
                try
                {
                    var message = await folder.GetMessageAsync(uid, cancellationToken);
                    outcome = await processor.ProcessAsync(mailbox, message, fallbackId, cancellationToken);
                }
                catch (FormatException ex)
                {
                    outcome = await processor.RecordUnreadableAsync(mailbox, fallbackId, ex, cancellationToken);
                }
            }

            if (outcome.State == InboundEmailState.Failed)
            {
                failing = true;
                LogFailed(outcome.MessageId, mailbox.Name, outcome.Error);
            }
            else
            {
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
                LogRead(outcome.MessageId, mailbox.Name, outcome.State, outcome.CaseId, outcome.Duplicate);
            }

            Announce(outcome);
        }

        return failing;
    }

    /// <summary>
    /// Waits in IDLE until the folder's count changes (or <paramref name="timeout"/>), or, without IDLE, for the timeout.
    /// Mail that arrived during the round (an EXISTS answered to its commands) skips the wait.
    /// </summary>
    private async Task WaitForMailAsync(ImapClient imap, Arrivals arrivals, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!imap.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(timeout, clock, cancellationToken);
            await imap.NoOpAsync(cancellationToken);
            return;
        }

        using var done = new CancellationTokenSource(timeout, clock);
        if (arrivals.WaitWith(done))
        {
            await imap.IdleAsync(done.Token, cancellationToken);
        }

        arrivals.WaitWith(null);
    }

    /// <summary>Whether the folder's count changed since the round began, and the IDLE to end when it does.</summary>
    private sealed class Arrivals
    {
        private readonly Lock gate = new();
        private bool arrived;
        private CancellationTokenSource? idle;

        public void Reset()
        {
            lock (gate)
            {
                arrived = false;
            }
        }

        public void Arrived(object? sender, EventArgs e)
        {
            lock (gate)
            {
                arrived = true;
                idle?.Cancel();
            }
        }

        /// <summary>Sets the IDLE to end on the next arrival; false when mail arrived already (no need to wait).</summary>
        public bool WaitWith(CancellationTokenSource? done)
        {
            lock (gate)
            {
                idle = done;
                return !arrived;
            }
        }
    }

    private void Announce(IntakeOutcome outcome)
    {
        if (!waiters.TryGetValue(outcome.MessageId, out var list))
        {
            return;
        }

        lock (list)
        {
            foreach (var waiter in list)
            {
                waiter.TrySetResult(outcome);
            }

            list.Clear();
        }
    }

    private static (string, int, MailSecurity, string, string?, string, long?) Settings(Mailbox m) =>
        (m.ImapHost, m.ImapPort, m.ImapSecurity, m.ImapUser, m.ImapPasswordCipher, m.Folder, m.QueueId);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox} reads {Host}:{Port} (IDLE: {Idle})")]
    private partial void LogConnected(string mailbox, string host, int port, bool idle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP server of mailbox {Mailbox} ({Host}:{Port}) not reachable, trying again in {Pause}: {Reason}")]
    private partial void LogServerDown(string mailbox, string host, int port, TimeSpan pause, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} in mailbox {Mailbox}: {State}, case {CaseId} (read before: {Duplicate})")]
    private partial void LogRead(string messageId, string mailbox, InboundEmailState state, long? caseId, bool duplicate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId} in mailbox {Mailbox} failed; it is tried again: {Reason}")]
    private partial void LogFailed(string messageId, string mailbox, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The mailboxes could not be read from the database; the running watchers go on")]
    private partial void LogRoundFailed(Exception ex);

    private sealed record Watcher(Mailbox Mailbox, CancellationTokenSource Stop, Task Running)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Running;
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }

            Stop.Dispose();
        }
    }
}

/// <summary>Runs the intake for the host's lifetime.</summary>
internal sealed class MailIntakeService(MailIntake intake) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => intake.RunAsync(stoppingToken);
}
