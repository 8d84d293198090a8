using System.Collections.Concurrent;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Service.Features.Email.SendEmail;

/// <summary>
/// Sends the outbox's due emails over SMTP (MailKit), one connection per mailbox and round. An email the server does not
/// take stays queued with the error and is tried again after a pause that doubles each time (from
/// <c>Email:FirstRetryDelay</c>, 30 s by default, up to <see cref="OutboundEmail.MaxRetryDelay"/>): nothing is dropped.
/// </summary>
internal sealed partial class EmailSender(IServiceScopeFactory scopeFactory, MailboxSecrets secrets, TimeProvider clock, IConfiguration configuration, ILogger<EmailSender> logger) : IDisposable
{
    /// <summary>Emails sent per round; the next round follows at once while more are due.</summary>
    private const int BatchSize = 100;

    private readonly SemaphoreSlim running = new(1, 1);
    private readonly ConcurrentDictionary<long, List<Waiter>> waiters = new();
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan FirstRetryDelay { get; } = configuration.GetValue("Email:FirstRetryDelay", TimeSpan.FromSeconds(30));

    /// <summary>Completes when <see cref="Wake"/> is called: an email was queued or a mailbox changed.</summary>
    public Task Woken => Volatile.Read(ref wake).Task;

    /// <summary>Asks the hosted sender to send now instead of at the next due time.</summary>
    public void Wake() => Volatile.Read(ref wake).TrySetResult();

    public void Dispose() => running.Dispose();

    /// <summary>
    /// Completes once email <paramref name="emailId"/> has had at least <paramref name="attempts"/> attempts (or was sent),
    /// with its state then: the signal tests and callers await instead of polling.
    /// </summary>
    public async Task<OutboundEmailView> AttemptedAsync(long emailId, int attempts = 1, CancellationToken cancellationToken = default)
    {
        var waiter = new Waiter(attempts, new TaskCompletionSource<OutboundEmailView>(TaskCreationOptions.RunContinuationsAsynchronously));
        var list = waiters.GetOrAdd(emailId, _ => []);
        lock (list)
        {
            list.Add(waiter);
        }

        // Registered first, then read: an attempt that ended in between is seen by one of the two.
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var email = await db.Set<OutboundEmail>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == emailId, cancellationToken);
            if (email is not null)
            {
                Announce(email);
            }
        }

        try
        {
            return await waiter.Done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (list)
            {
                list.Remove(waiter);
            }
        }
    }

    /// <summary>One round: sends what is due now; returns when the next queued email falls due (null: none is queued).</summary>
    public async Task<DateTime?> SendDueAsync(CancellationToken cancellationToken = default)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await using var scope = scopeFactory.CreateAsyncScope();
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
            while (true)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var due = await db.Set<OutboundEmail>()
                    .Where(e => e.Delivery == EmailDelivery.Queued && e.NextAttemptAtUtc <= now)
                    .OrderBy(e => e.NextAttemptAtUtc).ThenBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
                if (due.Count == 0)
                {
                    return await db.Set<OutboundEmail>().Where(e => e.Delivery == EmailDelivery.Queued)
                        .MinAsync(e => (DateTime?)e.NextAttemptAtUtc, cancellationToken);
                }

                var mailboxIds = due.Select(e => e.MailboxId).Distinct().ToList();
                var mailboxes = await db.Set<Mailbox>().AsNoTracking().Where(m => mailboxIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
                foreach (var group in due.GroupBy(e => e.MailboxId))
                {
                    await SendThroughAsync(mailboxes.GetValueOrDefault(group.Key), [.. group], cancellationToken);
                }

                // Each outcome is stored on its own email; the emails are this sender's alone, so nothing else writes them meanwhile.
                await db.SaveChangesAsync(cancellationToken);
                foreach (var email in due)
                {
                    Announce(email);
                }
            }
        }
        finally
        {
            running.Release();
        }
    }

    private async Task SendThroughAsync(Mailbox? mailbox, IReadOnlyList<OutboundEmail> emails, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (mailbox is null || !mailbox.IsEnabled)
        {
            foreach (var email in emails)
            {
                email.MarkFailed(mailbox is null ? "Its mailbox was deleted: configure a mailbox to send it." : $"The mailbox {mailbox.Name} is disabled: enable it to send this email.",
                    FirstRetryDelay, now);
            }

            return;
        }

        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(mailbox.SmtpHost, mailbox.SmtpPort, Security(mailbox.SmtpSecurity), cancellationToken);
            if (mailbox is { SmtpUser: { } user, SmtpPasswordCipher: { } cipher })
            {
                await smtp.AuthenticateAsync(user, secrets.Unprotect(cipher), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogServerDown(mailbox.Name, mailbox.SmtpHost, mailbox.SmtpPort, emails.Count, ex.Message);
            foreach (var email in emails)
            {
                email.MarkFailed($"{mailbox.SmtpHost}:{mailbox.SmtpPort}: {ex.Message}", FirstRetryDelay, now);
            }

            return;
        }

        for (var i = 0; i < emails.Count; i++)
        {
            var email = emails[i];
            try
            {
                await smtp.SendAsync(EmailComposer.Compose(mailbox, email), cancellationToken);
                email.MarkSent(clock.GetUtcNow().UtcDateTime);
                LogSent(email.Id, email.CaseId, mailbox.Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever this email's trouble (a refused recipient, a lost connection), it stays queued and the rest go on.
                LogNotSent(email.Id, email.CaseId, email.Attempts + 1, ex.Message);
                email.MarkFailed(ex.Message, FirstRetryDelay, clock.GetUtcNow().UtcDateTime);
                if (!smtp.IsConnected)
                {
                    // The rest of this round waits for the next one, like the emails of a server that cannot be reached.
                    foreach (var rest in emails.Skip(i + 1))
                    {
                        rest.MarkFailed($"The connection to {mailbox.SmtpHost} was lost: {ex.Message}", FirstRetryDelay, clock.GetUtcNow().UtcDateTime);
                    }

                    return;
                }
            }
        }

        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    public static SecureSocketOptions Security(MailSecurity security) => security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private void Announce(OutboundEmail email)
    {
        if (!waiters.TryGetValue(email.Id, out var list))
        {
            return;
        }

        var view = EmailQueries.View(email);
        lock (list)
        {
            foreach (var waiter in list.Where(w => email.Delivery == EmailDelivery.Sent || email.Attempts >= w.Attempts).ToList())
            {
                waiter.Done.TrySetResult(view);
                list.Remove(waiter);
            }
        }
    }

    internal void LogFailure(Exception ex) => LogRoundFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} of case {CaseId} sent through mailbox {Mailbox}")]
    private partial void LogSent(long emailId, long caseId, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} of case {CaseId} not taken (attempt {Attempt}): {Reason}; it stays queued")]
    private partial void LogNotSent(long emailId, long caseId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server of mailbox {Mailbox} ({Host}:{Port}) not reachable, {Count} email(s) stay queued: {Reason}")]
    private partial void LogServerDown(string mailbox, string host, int port, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An email sending round failed; the emails stay queued")]
    private partial void LogRoundFailed(Exception ex);

    private sealed record Waiter(int Attempts, TaskCompletionSource<OutboundEmailView> Done);
}

/// <summary>Runs the sender: at once when woken (an email was queued), else when the next queued email falls due.</summary>
internal sealed class EmailSending(EmailSender sender, TimeProvider clock) : BackgroundService
{
    /// <summary>The longest sleep without a wake-up: a row written by another process (the command line) is picked up then.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var idle = MaxIdle;
            try
            {
                if (await sender.SendDueAsync(stoppingToken) is { } next)
                {
                    var untilDue = next - clock.GetUtcNow().UtcDateTime;
                    idle = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < MaxIdle ? untilDue : MaxIdle;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                sender.LogFailure(ex);
                idle = sender.FirstRetryDelay;
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(idle, clock, waiting.Token);
            await Task.WhenAny(delay, sender.Woken.WaitAsync(stoppingToken));
            await waiting.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
        }
    }
}
