using Crm.Kernel.Auditing;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Email;

/// <summary>
/// A mailbox the service desk reads (IMAP) and sends from (SMTP). The passwords are kept only as data-protection
/// ciphertext (<see cref="ImapPasswordCipher"/>, <see cref="SmtpPasswordCipher"/>): the entity never holds them in clear.
/// </summary>
internal sealed class Mailbox : AuditableEntity
{
    public const int MaxNameLength = 100;

    public const int MaxAddressLength = 254;

    public const int MaxHostLength = 253;

    public const int MaxUserLength = 200;

    public const int MaxFolderLength = 200;

    public long Id { get; set; }

    public string Name { get; private set; } = "";

    /// <summary>The address customers write to and our mail comes from (lower case).</summary>
    public string Address { get; private set; } = "";

    public string ImapHost { get; private set; } = "";

    public int ImapPort { get; private set; }

    public MailSecurity ImapSecurity { get; private set; }

    public string ImapUser { get; private set; } = "";

    public string? ImapPasswordCipher { get; private set; }

    public string Folder { get; private set; } = "INBOX";

    public string SmtpHost { get; private set; } = "";

    public int SmtpPort { get; private set; }

    public MailSecurity SmtpSecurity { get; private set; }

    public string? SmtpUser { get; private set; }

    public string? SmtpPasswordCipher { get; private set; }

    public long? QueueId { get; private set; }

    public bool IsEnabled { get; private set; }

    /// <summary>
    /// Sets everything but the passwords from a validated input (ports defaulted by security); a password is changed only
    /// through <see cref="SetPasswords"/>, so an edit that leaves them empty keeps the stored ones.
    /// </summary>
    public void Edit(MailboxInput input)
    {
        Name = input.Name!.Trim();
        Address = input.Address!.Trim().ToLowerInvariant();
        ImapHost = input.ImapHost!.Trim();
        ImapSecurity = input.ImapSecurity;
        ImapPort = input.ImapPort ?? DefaultImapPort(input.ImapSecurity);
        ImapUser = input.ImapUser!.Trim();
        Folder = string.IsNullOrWhiteSpace(input.Folder) ? "INBOX" : input.Folder.Trim();
        SmtpHost = input.SmtpHost!.Trim();
        SmtpSecurity = input.SmtpSecurity;
        SmtpPort = input.SmtpPort ?? DefaultSmtpPort(input.SmtpSecurity);
        SmtpUser = string.IsNullOrWhiteSpace(input.SmtpUser) ? null : input.SmtpUser.Trim();
        if (SmtpUser is null)
        {
            SmtpPasswordCipher = null;
        }

        QueueId = input.QueueId;
        IsEnabled = input.IsEnabled;
    }

    /// <summary>Replaces the ciphertext of each password given (null keeps the stored one).</summary>
    public void SetPasswords(string? imapCipher, string? smtpCipher)
    {
        ImapPasswordCipher = imapCipher ?? ImapPasswordCipher;
        SmtpPasswordCipher = SmtpUser is null ? null : smtpCipher ?? SmtpPasswordCipher;
    }

    public static int DefaultImapPort(MailSecurity security) => security == MailSecurity.SslOnConnect ? 993 : 143;

    public static int DefaultSmtpPort(MailSecurity security) => security == MailSecurity.SslOnConnect ? 465 : 587;
}
