namespace Crm.Service.Domain.Email;

/// <summary>What the intake did with an email it read.</summary>
internal enum InboundEmailState
{
    /// <summary>It became a new case or a message on a case.</summary>
    Received,

    /// <summary>Left aside on purpose: our own mail coming back (a loop).</summary>
    Ignored,

    /// <summary>Processing failed; tried again until <see cref="InboundEmail.MaxAttempts"/>.</summary>
    Failed,

    /// <summary>Failed <see cref="InboundEmail.MaxAttempts"/> times: set aside so it never blocks its mailbox.</summary>
    Quarantined,
}

/// <summary>
/// An email the intake read from a mailbox, once per Message-ID (a unique index: the same email arriving twice, or in two
/// mailboxes, is one entry). It names the case it went to, keeps its text and its sanitised HTML, whether it asked for no
/// automatic answer, and, while it fails, its attempts and last error.
/// </summary>
internal sealed class InboundEmail
{
    public const int MaxAttempts = 3;

    public const int MaxHtmlLength = 200_000;

    public long Id { get; private set; }

    public long MailboxId { get; private set; }

    /// <summary>The Message-ID without angle brackets (one made up from the mailbox and IMAP UID when the email has none).</summary>
    public string MessageId { get; private set; } = "";

    public string From { get; private set; } = "";

    /// <summary>The addresses in To and Cc, lower case, space separated: who may join the case by answering.</summary>
    public string Recipients { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string? HtmlBody { get; private set; }

    public bool SuppressAutoReply { get; private set; }

    public long? CaseId { get; private set; }

    public InboundEmailState State { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTime ReceivedAtUtc { get; private set; }

    public static InboundEmail Read(
        long mailboxId, string messageId, string from, string recipients, string subject, string text, string? html, bool suppressAutoReply,
        DateTime nowUtc) => new()
    {
        MailboxId = mailboxId,
        MessageId = Cut(messageId, OutboundEmail.MaxMessageIdLength),
        From = Cut(from, Mailbox.MaxAddressLength),
        Recipients = Cut(recipients, 4000),
        Subject = Cut(subject, OutboundEmail.MaxSubjectLength),
        TextBody = Cut(text, Cases.CaseEntry.MaxBodyLength),
        HtmlBody = html is null ? null : Cut(html, MaxHtmlLength),
        SuppressAutoReply = suppressAutoReply,
        ReceivedAtUtc = nowUtc,
    };

    public static InboundEmail Failing(long mailboxId, string messageId, DateTime nowUtc) => new()
    {
        MailboxId = mailboxId,
        MessageId = Cut(messageId, OutboundEmail.MaxMessageIdLength),
        State = InboundEmailState.Failed,
        ReceivedAtUtc = nowUtc,
    };

    public void DeliverTo(long caseId)
    {
        CaseId = caseId;
        State = InboundEmailState.Received;
    }

    public void Ignore() => State = InboundEmailState.Ignored;

    /// <summary>Counts a failed attempt; the <see cref="MaxAttempts"/>th puts the email in quarantine.</summary>
    public void Fail(string error)
    {
        Attempts++;
        LastError = Cut(error, OutboundEmail.MaxErrorLength);
        State = Attempts >= MaxAttempts ? InboundEmailState.Quarantined : InboundEmailState.Failed;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
