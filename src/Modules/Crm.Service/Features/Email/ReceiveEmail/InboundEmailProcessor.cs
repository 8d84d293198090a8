using AngleSharp.Html.Parser;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Email;
using Crm.Service.Features.Cases.OpenCase;
using Crm.Service.Features.Cases.ReceiveCustomerMessage;
using Ganss.Xss;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Crm.Service.Features.Email.ReceiveEmail;

/// <summary>What the intake did with one email; <see cref="Duplicate"/> when its Message-ID had been read before.</summary>
internal sealed record IntakeOutcome(long MailboxId, string MessageId, InboundEmailState State, long? CaseId, bool Duplicate, string? Error);

/// <summary>
/// Turns one email into a customer message on its case or a new case in the mailbox's queue (<see cref="Channel.Email"/>),
/// with the email (its text and its sanitised HTML) stored in the same transaction under its Message-ID, so the same email
/// read twice is one entry. The case is found, in this order, by the Message-IDs it answers (ours or ones we read), by the
/// case number in the subject (from the customer or someone the case's mail went to), and by the sender's subject within
/// <see cref="SubjectWindow"/>. An unknown sender becomes a customer tagged <see cref="CustomerTags.NeedsReview"/>. Our own
/// mail coming back is ignored. A failure is recorded on the email; the third puts it in quarantine.
/// </summary>
internal sealed class InboundEmailProcessor(
    IDbContextFactory<CrmDbContext> contextFactory, ICustomerDirectory customers, ICustomerRegistration registration,
    ReceiveCustomerMessageHandler messages, CaseOpening opening, TimeProvider clock)
{
    /// <summary>Who the intake's entries are recorded as.</summary>
    public const string Actor = "service:email";

    /// <summary>How long a sender's email with the same subject joins their case.</summary>
    public static readonly TimeSpan SubjectWindow = TimeSpan.FromDays(7);

    // Configured once, then only read: Sanitize is safe to call from several threads.
    private static readonly HtmlSanitizer Sanitizer = new();

    public async Task<IntakeOutcome> ProcessAsync(Mailbox mailbox, MimeMessage message, string fallbackMessageId, CancellationToken cancellationToken)
    {
        var messageId = EmailThreading.Clean(message.MessageId) ?? fallbackMessageId;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var stored = await db.Set<InboundEmail>().AsNoTracking().SingleOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);
            if (stored is not null && stored.State != InboundEmailState.Failed)
            {
                return Outcome(mailbox, stored, duplicate: true);
            }
        }

        try
        {
            return await ReceiveAsync(mailbox, message, messageId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await FailAsync(mailbox, messageId, ex, cancellationToken);
        }
    }

    private async Task<IntakeOutcome> ReceiveAsync(Mailbox mailbox, MimeMessage message, string messageId, CancellationToken cancellationToken)
    {
        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender
            ?? throw new InvalidDataException("The email names no sender (no From address).");
        var from = sender.Address.Trim().ToLowerInvariant();
        if (!MailboxAddress.TryParse(from, out _) || !from.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The sender '{sender.Address}' is no email address.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var recipients = string.Join(' ', message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address.Trim().ToLowerInvariant()).Distinct());
        var html = message.HtmlBody is { Length: > 0 } raw ? Sanitizer.Sanitize(raw) : null;
        var text = (message.TextBody is { Length: > 0 } plain ? plain : html is null ? "" : TextOf(html)).Trim();
        var subject = message.Subject ?? "";
        var email = InboundEmail.Read(mailbox.Id, messageId, from, recipients, subject, text, html, !EmailThreading.MayAutoReply(message), now);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // Our own mail coming back (one of our mailboxes wrote it, or it carries one of our Message-IDs): a loop, never a case.
        if (await db.Set<Mailbox>().AnyAsync(m => m.Address == from, cancellationToken)
            || await db.Set<OutboundEmail>().AnyAsync(e => e.MessageId == messageId, cancellationToken))
        {
            email.Ignore();
            await StoreAsync(db, email, cancellationToken);
            return Outcome(mailbox, email, duplicate: false);
        }

        // Reads and the customer's registration (Contacts' own transaction) come before this email's transaction, which then
        // holds the database's write lock only for its own writes.
        var customer = await customers.FindByEmailAsync(from, cancellationToken);
        var body = Body(text, subject);
        var thread = await ThreadAsync(db, message, from, customer?.Id, subject, now, cancellationToken);
        var customerId = thread is not null ? customer?.Id : customer?.Id ?? await RegisterAsync(sender, from, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (thread is not null)
        {
            // Someone else on the thread (a colleague in Cc) is named with their words: the case stays the customer's.
            var entry = thread.CustomerId == customerId ? body : Body($"From {sender}:{Environment.NewLine}{Environment.NewLine}{text}", subject);
            var receipt = await messages.RecordAsync(db, thread, entry, Channel.Email, Actor, now, cancellationToken);
            email.DeliverTo(receipt.CaseId);
        }
        else
        {
            var opened = ServiceCase.Open(customerId!.Value, EmailThreading.Topic(subject), body, Channel.Email, CasePriority.Normal, Actor, now);
            var queue = await opening.QueueForAsync(db, mailbox.QueueId, opened, cancellationToken);
            await opening.StoreAsync(db, opened, queue, owner: null, body, Actor, now, cancellationToken);
            email.DeliverTo(opened.Id);
        }

        await StoreAsync(db, email, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome(mailbox, email, duplicate: false);
    }

    /// <summary>Stores the email in place of an earlier failed attempt's record (same Message-ID).</summary>
    private static async Task StoreAsync(CrmDbContext db, InboundEmail email, CancellationToken cancellationToken)
    {
        await db.Set<InboundEmail>().Where(e => e.MessageId == email.MessageId && e.State == InboundEmailState.Failed).ExecuteDeleteAsync(cancellationToken);
        db.Add(email);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The case the email belongs to, or null for a new one.</summary>
    private static async Task<ServiceCase?> ThreadAsync(
        CrmDbContext db, MimeMessage message, string from, long? customerId, string subject, DateTime now, CancellationToken cancellationToken)
    {
        var references = EmailThreading.References(message);
        if (references.Count > 0)
        {
            var ours = await db.Set<OutboundEmail>().Where(e => references.Contains(e.MessageId)).Select(e => new { e.MessageId, CaseId = (long?)e.CaseId })
                .Concat(db.Set<InboundEmail>().Where(e => references.Contains(e.MessageId) && e.CaseId != null).Select(e => new { e.MessageId, e.CaseId }))
                .ToListAsync(cancellationToken);
            var answered = references.Select(r => ours.FirstOrDefault(o => o.MessageId == r)?.CaseId).FirstOrDefault(id => id is not null);
            if (answered is { } referenced)
            {
                return await db.Set<ServiceCase>().SingleAsync(c => c.Id == referenced, cancellationToken);
            }
        }

        if (EmailThreading.CaseIdInSubject(subject) is { } numbered
            && await db.Set<ServiceCase>().SingleOrDefaultAsync(c => c.Id == numbered, cancellationToken) is { } named
            && (named.CustomerId == customerId || await WasOnThreadAsync(db, named.Id, from, cancellationToken)))
        {
            return named;
        }

        if (customerId is null)
        {
            return null;
        }

        var since = now - SubjectWindow;
        var topic = EmailThreading.Normalise(subject);
        var recent = await db.Set<InboundEmail>().AsNoTracking()
            .Where(e => e.From == from && e.ReceivedAtUtc >= since && e.CaseId != null && e.State == InboundEmailState.Received)
            .OrderByDescending(e => e.ReceivedAtUtc).Take(50).Select(e => new { e.Subject, e.CaseId }).ToListAsync(cancellationToken);
        return recent.FirstOrDefault(e => EmailThreading.Normalise(e.Subject) == topic) is { CaseId: { } sameTopic }
            ? await db.Set<ServiceCase>().SingleAsync(c => c.Id == sameTopic, cancellationToken)
            : null;
    }

    /// <summary>Whether <paramref name="address"/> was among the recipients (To, Cc) of an email the case received.</summary>
    private static async Task<bool> WasOnThreadAsync(CrmDbContext db, long caseId, string address, CancellationToken cancellationToken)
    {
        var recipients = await db.Set<InboundEmail>().AsNoTracking().Where(e => e.CaseId == caseId).Select(e => e.Recipients).ToListAsync(cancellationToken);
        return recipients.Any(r => r.Split(' ').Contains(address, StringComparer.Ordinal));
    }

    private async Task<long> RegisterAsync(MailboxAddress sender, string from, CancellationToken cancellationToken)
    {
        var name = (sender.Name ?? "").Trim();
        var space = name.LastIndexOf(' ');
        var result = await registration.RegisterAsync(new CustomerInput
        {
            FirstName = space > 0 ? name[..space].Trim() : null,
            LastName = Limit(space > 0 ? name[(space + 1)..] : name.Length > 0 ? name : from[..from.IndexOf('@', StringComparison.Ordinal)], 100),
            Emails = [from],
            Source = "Email",
            Tags = [CustomerTags.NeedsReview],
        }, allowDuplicates: true, cancellationToken);
        return result.CustomerId
            ?? throw new InvalidDataException($"The sender {from} could not be registered as a customer: {string.Join(" ", result.Errors.Select(e => e.Message))}");
    }

    /// <summary>An email the IMAP client could not even read: a failure like any other.</summary>
    public Task<IntakeOutcome> RecordUnreadableAsync(Mailbox mailbox, string fallbackMessageId, Exception error, CancellationToken cancellationToken) =>
        FailAsync(mailbox, fallbackMessageId, error, cancellationToken);

    private async Task<IntakeOutcome> FailAsync(Mailbox mailbox, string messageId, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Set<InboundEmail>().SingleOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);
        if (email is not null && email.State != InboundEmailState.Failed)
        {
            // Another mailbox read the same email at the same time and stored it first.
            return Outcome(mailbox, email, duplicate: true);
        }

        if (email is null)
        {
            email = InboundEmail.Failing(mailbox.Id, messageId, clock.GetUtcNow().UtcDateTime);
            db.Add(email);
        }

        email.Fail(error.Message);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome(mailbox, email, duplicate: false);
    }

    private static IntakeOutcome Outcome(Mailbox mailbox, InboundEmail email, bool duplicate) =>
        new(mailbox.Id, email.MessageId, email.State, email.CaseId, duplicate, email.LastError);

    private static string Body(string text, string subject)
    {
        var body = text.Trim().Length > 0 ? text.Trim() : $"(An email without text: {subject.Trim()})";
        return body.Length <= CaseEntry.MaxBodyLength ? body : body[..(CaseEntry.MaxBodyLength - 1)] + "…";
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];

    private static string TextOf(string html) => new HtmlParser().ParseDocument(html).Body?.TextContent ?? "";
}
