using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Email;

/// <summary>Reads mailboxes (Managers and Admins; never a password) and the emails of a case.</summary>
internal sealed class EmailQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    /// <summary>Every mailbox, enabled ones first, by name.</summary>
    public async Task<IReadOnlyList<MailboxView>> ListMailboxesAsync(CancellationToken cancellationToken = default)
    {
        EmailAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mailboxes = await db.Set<Mailbox>().AsNoTracking().ToListAsync(cancellationToken);
        var queues = await QueueNamesAsync(db, cancellationToken);
        return [.. mailboxes.OrderByDescending(m => m.IsEnabled).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(m => View(m, queues))];
    }

    public async Task<MailboxView> GetMailboxAsync(long id, CancellationToken cancellationToken = default)
    {
        EmailAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mailbox = await db.Set<Mailbox>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No mailbox with id {id}.");
        return View(mailbox, await QueueNamesAsync(db, cancellationToken));
    }

    /// <summary>The emails of a case, oldest first (whoever may read the case).</summary>
    public async Task<IReadOnlyList<OutboundEmailView>> CaseEmailsAsync(long caseId, Cases.CaseQueries cases, CancellationToken cancellationToken = default)
    {
        await cases.GetAsync(caseId, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var emails = await db.Set<OutboundEmail>().AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderBy(e => e.QueuedAtUtc).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. emails.Select(View)];
    }

    public static OutboundEmailView View(OutboundEmail e) =>
        new(e.Id, e.CaseId, e.MessageId, e.To, e.Subject, e.Delivery, e.Attempts, e.LastError, e.QueuedAtUtc, e.SentAtUtc);

    private static MailboxView View(Mailbox m, IReadOnlyDictionary<long, string> queues) =>
        new(m.Id, m.Name, m.Address, m.ImapHost, m.ImapPort, m.ImapSecurity, m.ImapUser, m.ImapPasswordCipher is not null, m.Folder,
            m.SmtpHost, m.SmtpPort, m.SmtpSecurity, m.SmtpUser, m.SmtpPasswordCipher is not null,
            m.QueueId, m.QueueId is { } queueId ? queues.GetValueOrDefault(queueId) : null, m.IsEnabled, m.ModifiedAtUtc, m.Version);

    private static async Task<IReadOnlyDictionary<long, string>> QueueNamesAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        await db.Set<ServiceQueue>().AsNoTracking().ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
}
