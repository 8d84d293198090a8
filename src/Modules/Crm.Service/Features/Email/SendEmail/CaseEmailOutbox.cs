using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Email.SendEmail;

/// <summary>
/// Puts the emails of a case into the outbox, in the caller's unit of work: an agent's public reply (with the reply) and the
/// acknowledgement of a new case that came in by email or the web. Each goes to the customer's email address through the
/// mailbox of the case's queue, else the first enabled mailbox; without an address, with one of our own mailboxes' addresses
/// (a loop), or without an enabled mailbox there is nothing to send.
/// </summary>
internal sealed class CaseEmailOutbox(ICustomerDirectory customers, IContactVerification verification)
{
    /// <summary>The channels whose new cases get an acknowledgement by email.</summary>
    public static bool Acknowledges(Channel channel) => channel is Channel.Email or Channel.Web;

    /// <summary>Queues the reply <paramref name="entry"/> (not yet saved) as an email; null when it cannot go by email.</summary>
    public async Task<OutboundEmail?> QueueReplyAsync(CrmDbContext db, ServiceCase serviceCase, CaseEntry entry, DateTime now, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(db, serviceCase, cancellationToken);
        return target is null ? null : await QueueAsync(db, serviceCase, entry, target.Value, entry.Body, reply: true, now, cancellationToken);
    }

    /// <summary>
    /// Queues the acknowledgement of a new case (once per case); null when there is none to send, or when the email that
    /// opened it asked for no automatic answer (<c>Auto-Submitted</c>, <c>Precedence: bulk/junk/list</c>).
    /// </summary>
    public async Task<OutboundEmail?> QueueAcknowledgementAsync(CrmDbContext db, ServiceCase serviceCase, DateTime now, CancellationToken cancellationToken)
    {
        if (!Acknowledges(serviceCase.Channel)
            || await db.Set<OutboundEmail>().AnyAsync(e => e.CaseId == serviceCase.Id && e.CaseEntryId == null, cancellationToken)
            || await db.Set<InboundEmail>().AnyAsync(e => e.CaseId == serviceCase.Id && e.SuppressAutoReply, cancellationToken))
        {
            return null;
        }

        var target = await TargetAsync(db, serviceCase, cancellationToken);
        if (target is null)
        {
            return null;
        }

        var text = $"""
            Hello {target.Value.CustomerName},

            thank you for your message. We have opened case {serviceCase.Number} for it ("{serviceCase.Subject}") and will answer as soon as we can.
            """;
        return await QueueAsync(db, serviceCase, null, target.Value, text, reply: false, now, cancellationToken);
    }

    private async Task<OutboundEmail> QueueAsync(
        CrmDbContext db, ServiceCase serviceCase, CaseEntry? entry, Target target, string text, bool reply, DateTime now, CancellationToken cancellationToken)
    {
        // Threading: the case's earlier emails, oldest first; this one answers the latest.
        var earlier = await db.Set<OutboundEmail>().AsNoTracking().Where(e => e.CaseId == serviceCase.Id)
            .OrderBy(e => e.QueuedAtUtc).ThenBy(e => e.Id).Select(e => e.MessageId).ToListAsync(cancellationToken);
        var email = OutboundEmail.Queue(serviceCase.Id, entry, target.Mailbox.Id, target.To,
            EmailComposer.Subject(serviceCase.Number, serviceCase.Subject, reply), EmailComposer.Body(text, serviceCase.Number, entry?.VerificationCode, verification.NeverAskNotice),
            EmailComposer.NewMessageId(serviceCase.Number, target.Mailbox.Address), earlier.LastOrDefault(), earlier, now);
        db.Add(email);
        return email;
    }

    private async Task<Target?> TargetAsync(CrmDbContext db, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        var customer = await customers.FindAsync(serviceCase.CustomerId, cancellationToken);
        if (customer?.PrimaryEmail is not { Length: > 0 } to || !MimeKit.MailboxAddress.TryParse(to, out _))
        {
            return null;
        }

        // Never mail one of our own mailboxes: its intake would answer, and the two would write to each other for ever.
        var address = to.Trim().ToLowerInvariant();
        if (await db.Set<Mailbox>().AnyAsync(m => m.Address == address, cancellationToken))
        {
            return null;
        }

        var enabled = db.Set<Mailbox>().AsNoTracking().Where(m => m.IsEnabled);
        var mailbox = (serviceCase.QueueId is { } queueId ? await enabled.Where(m => m.QueueId == queueId).OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken) : null)
            ?? await enabled.OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        return mailbox is null ? null : new Target(mailbox, to, customer.DisplayName);
    }

    private readonly record struct Target(Mailbox Mailbox, string To, string CustomerName);
}
