using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;

namespace Crm.Service.Domain.Email;

/// <summary>
/// An email in the outbox: written in the transaction of the reply it carries, sent by the background sender, retried
/// with growing pauses while the SMTP server cannot take it. It is never dropped: it stays queued, with the last error,
/// until a server accepts it.
/// </summary>
internal sealed class OutboundEmail
{
    public const int MaxSubjectLength = 300;

    public const int MaxErrorLength = 1000;

    public const int MaxMessageIdLength = 300;

    /// <summary>Message-IDs kept in References: the first (the thread's root) and the latest ones, as RFC 5322 suggests.</summary>
    public const int MaxReferences = 10;

    /// <summary>The longest pause between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(15);

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    /// <summary>The public reply the email carries; null for an acknowledgement (which is no entry of the thread).</summary>
    public long? CaseEntryId { get; private set; }

    public CaseEntry? CaseEntry { get; private set; }

    public long MailboxId { get; private set; }

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    /// <summary>Our Message-ID, without angle brackets.</summary>
    public string MessageId { get; private set; } = "";

    public string? InReplyTo { get; private set; }

    /// <summary>Message-IDs, space separated, without angle brackets.</summary>
    public string? References { get; private set; }

    public EmailDelivery Delivery { get; private set; }

    public int Attempts { get; private set; }

    public DateTime QueuedAtUtc { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    public string? LastError { get; private set; }

    public static OutboundEmail Queue(
        long caseId, CaseEntry? entry, long mailboxId, string to, string subject, string textBody, string messageId,
        string? inReplyTo, IReadOnlyList<string> references, DateTime nowUtc) => new()
    {
        CaseId = caseId,
        CaseEntry = entry,
        MailboxId = mailboxId,
        To = to,
        Subject = subject.Length <= MaxSubjectLength ? subject : subject[..MaxSubjectLength],
        TextBody = textBody,
        MessageId = messageId,
        InReplyTo = inReplyTo,
        References = references.Count == 0 ? null : string.Join(' ', Trim(references)),
        Delivery = EmailDelivery.Queued,
        QueuedAtUtc = nowUtc,
        NextAttemptAtUtc = nowUtc,
    };

    public void MarkSent(DateTime nowUtc)
    {
        Attempts++;
        Delivery = EmailDelivery.Sent;
        SentAtUtc = nowUtc;
        LastError = null;
    }

    /// <summary>Records a failed attempt and when to try again: 2^attempts times <paramref name="firstDelay"/>, at most <see cref="MaxRetryDelay"/>.</summary>
    public void MarkFailed(string error, TimeSpan firstDelay, DateTime nowUtc)
    {
        Attempts++;
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        NextAttemptAtUtc = nowUtc + RetryDelay(Attempts, firstDelay);
    }

    public static TimeSpan RetryDelay(int attempts, TimeSpan firstDelay)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < firstDelay ? firstDelay : delay;
    }

    private static IEnumerable<string> Trim(IReadOnlyList<string> references) =>
        references.Count <= MaxReferences ? references : references.Take(1).Concat(references.Skip(references.Count - (MaxReferences - 1)));
}
