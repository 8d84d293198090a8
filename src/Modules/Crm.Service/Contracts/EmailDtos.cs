namespace Crm.Service.Contracts;

/// <summary>How a connection to a mail server is secured (MailKit's SecureSocketOptions, without its Auto guess).</summary>
public enum MailSecurity
{
    /// <summary>Plain text: only for a server on the same machine or network (development).</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS (SMTP submission on 587, IMAP on 143); refused if the server cannot.</summary>
    StartTls,

    /// <summary>TLS from the first byte (IMAPS on 993, SMTPS on 465).</summary>
    SslOnConnect,
}

/// <summary>How far an email we send has got: stored in the outbox, or handed to the SMTP server.</summary>
public enum EmailDelivery
{
    Queued,
    Sent,
}

/// <summary>
/// A mailbox to create or change. The passwords are write-only: empty on a change keeps the stored one; they are stored
/// encrypted and never shown or logged again.
/// </summary>
public sealed record MailboxInput
{
    /// <summary>A name for the list, such as "Support".</summary>
    public string? Name { get; init; }

    /// <summary>The address customers write to and our mail comes from, such as support@example.com.</summary>
    public string? Address { get; init; }

    public string? ImapHost { get; init; }

    /// <summary>Defaults to 993 with SslOnConnect, else 143.</summary>
    public int? ImapPort { get; init; }

    public MailSecurity ImapSecurity { get; init; } = MailSecurity.SslOnConnect;

    public string? ImapUser { get; init; }

    /// <summary>Write-only; empty on a change keeps the stored password.</summary>
    public string? ImapPassword { get; init; }

    /// <summary>The folder new mail is read from; defaults to INBOX.</summary>
    public string? Folder { get; init; }

    public string? SmtpHost { get; init; }

    /// <summary>Defaults to 465 with SslOnConnect, else 587.</summary>
    public int? SmtpPort { get; init; }

    public MailSecurity SmtpSecurity { get; init; } = MailSecurity.StartTls;

    /// <summary>Empty: the SMTP server takes mail without signing in.</summary>
    public string? SmtpUser { get; init; }

    /// <summary>Write-only; empty on a change keeps the stored password.</summary>
    public string? SmtpPassword { get; init; }

    /// <summary>The queue a case opened by mail to this mailbox goes to; empty: the queues' rules decide.</summary>
    public long? QueueId { get; init; }

    public bool IsEnabled { get; init; } = true;

    /// <summary>Never prints the passwords, so an input that reaches a log line carries none.</summary>
    public override string ToString() =>
        $"MailboxInput {{ Name = {Name}, Address = {Address}, ImapHost = {ImapHost}, SmtpHost = {SmtpHost}, IsEnabled = {IsEnabled} }}";
}

/// <summary>A mailbox as Managers and Admins see it: whether a password is stored, never the password.</summary>
public sealed record MailboxView(
    long Id, string Name, string Address,
    string ImapHost, int ImapPort, MailSecurity ImapSecurity, string ImapUser, bool HasImapPassword, string Folder,
    string SmtpHost, int SmtpPort, MailSecurity SmtpSecurity, string? SmtpUser, bool HasSmtpPassword,
    long? QueueId, string? QueueName, bool IsEnabled, DateTime ModifiedAtUtc, Guid Version);

/// <summary>An email in the outbox, for the case thread and the API: where it goes, how far it got, why it has not gone yet.</summary>
public sealed record OutboundEmailView(
    long Id, long CaseId, string MessageId, string To, string Subject, EmailDelivery Delivery, int Attempts, string? LastError,
    DateTime QueuedAtUtc, DateTime? SentAtUtc);
