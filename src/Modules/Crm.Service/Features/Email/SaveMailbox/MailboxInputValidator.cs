using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using FluentValidation;
using MimeKit;

namespace Crm.Service.Features.Email.SaveMailbox;

/// <summary>One set of rules for the mailbox form and the API. Passwords are checked by the handler (required only when none is stored).</summary>
internal sealed class MailboxInputValidator : AbstractValidator<MailboxInput>
{
    public MailboxInputValidator()
    {
        RuleFor(m => m.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the mailbox a name.")
            .MaximumLength(Mailbox.MaxNameLength).WithMessage($"The name is at most {Mailbox.MaxNameLength} characters.");
        RuleFor(m => m.Address).Must(IsAddress).WithMessage("Enter the mailbox's email address, such as support@example.com.");
        RuleFor(m => m.ImapHost).Must(IsHost).WithMessage("Enter the IMAP server's host name or IP address, such as imap.example.com.");
        RuleFor(m => m.ImapPort).Must(IsPort).WithMessage("The IMAP port is a number from 1 to 65535 (empty: 993 with TLS, else 143).");
        RuleFor(m => m.ImapSecurity).IsInEnum().WithMessage($"Choose how the IMAP connection is secured: {string.Join(", ", Enum.GetNames<MailSecurity>())}.");
        RuleFor(m => m.ImapUser).Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("Enter the IMAP user name the mailbox signs in with.")
            .MaximumLength(Mailbox.MaxUserLength).WithMessage($"The user name is at most {Mailbox.MaxUserLength} characters.");
        RuleFor(m => m.ImapPassword).MaximumLength(MaxPasswordLength).WithMessage($"The password is at most {MaxPasswordLength} characters.");
        RuleFor(m => m.Folder).MaximumLength(Mailbox.MaxFolderLength).WithMessage($"The folder is at most {Mailbox.MaxFolderLength} characters.");
        RuleFor(m => m.SmtpHost).Must(IsHost).WithMessage("Enter the SMTP server's host name or IP address, such as smtp.example.com.");
        RuleFor(m => m.SmtpPort).Must(IsPort).WithMessage("The SMTP port is a number from 1 to 65535 (empty: 465 with TLS, else 587).");
        RuleFor(m => m.SmtpSecurity).IsInEnum().WithMessage($"Choose how the SMTP connection is secured: {string.Join(", ", Enum.GetNames<MailSecurity>())}.");
        RuleFor(m => m.SmtpUser).MaximumLength(Mailbox.MaxUserLength).WithMessage($"The user name is at most {Mailbox.MaxUserLength} characters.");
        RuleFor(m => m.SmtpPassword).MaximumLength(MaxPasswordLength).WithMessage($"The password is at most {MaxPasswordLength} characters.");
        RuleFor(m => m.SmtpPassword).Must(p => string.IsNullOrEmpty(p)).When(m => string.IsNullOrWhiteSpace(m.SmtpUser))
            .WithMessage("An SMTP password needs an SMTP user name; leave both empty when the server takes mail without signing in.");
    }

    public const int MaxPasswordLength = 500;

    private static bool IsAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) && address.Trim().Length <= Mailbox.MaxAddressLength
        && MailboxAddress.TryParse(address.Trim(), out var parsed) && parsed.Address == address.Trim()
        && parsed.Address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < parsed.Address.Length - 1;

    private static bool IsHost(string? host) =>
        !string.IsNullOrWhiteSpace(host) && host.Trim().Length <= Mailbox.MaxHostLength && Uri.CheckHostName(host.Trim()) != UriHostNameType.Unknown;

    private static bool IsPort(int? port) => port is null or (>= 1 and <= 65535);
}
