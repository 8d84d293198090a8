using Crm.Service.Domain.Email;
using MimeKit;

namespace Crm.Service.Features.Email.SendEmail;

/// <summary>
/// Writes the emails we send: the subject with the case number, the threading headers, and the one footer every outbound
/// email carries (<see cref="Footer"/>).
/// </summary>
internal static class EmailComposer
{
    /// <summary>Marks our automatic mail (RFC 3834), so well-behaved auto-responders do not answer it.</summary>
    public const string AutoSubmittedHeader = "Auto-Submitted";

    /// <summary>The subject of an email about case <paramref name="caseNumber"/>: the case's subject with <c>[CS-000123]</c>, which a customer's reply keeps.</summary>
    public static string Subject(string caseNumber, string subject, bool reply) => $"{(reply ? "Re: " : "")}{subject} [{caseNumber}]";

    /// <summary>A new Message-ID (without angle brackets) in the domain of the mailbox's address.</summary>
    public static string NewMessageId(string caseNumber, string mailboxAddress)
    {
        var at = mailboxAddress.LastIndexOf('@');
        var domain = at >= 0 && at < mailboxAddress.Length - 1 ? mailboxAddress[(at + 1)..] : "ecrm.invalid";
        return $"{caseNumber.ToLowerInvariant()}.{Guid.NewGuid():N}@{domain}";
    }

    /// <summary>
    /// The footer of every email we send, in one place: the case number to quote and how to answer, the "is this really
    /// you?" code of an agent's reply (checked on our /verify page), and what we never ask for (configured in Contacts).
    /// </summary>
    public static string Footer(string caseNumber, string? verificationCode, string neverAskNotice)
    {
        var footer = $"""

            --
            Your case number: {caseNumber}. Reply to this email to add to your case; keep {caseNumber} in the subject.
            """;
        if (verificationCode is not null)
        {
            footer += Environment.NewLine + $"Is this really us? Check the code {verificationCode} on our /verify page within 24 hours.";
        }

        return string.IsNullOrWhiteSpace(neverAskNotice) ? footer : footer + Environment.NewLine + neverAskNotice.Trim();
    }

    /// <summary>The text of an email: the message, then the footer.</summary>
    public static string Body(string message, string caseNumber, string? verificationCode, string neverAskNotice) =>
        message.TrimEnd() + Environment.NewLine + Footer(caseNumber, verificationCode, neverAskNotice);

    public static MimeMessage Compose(Mailbox mailbox, OutboundEmail email)
    {
        var message = new MimeMessage
        {
            MessageId = email.MessageId,
            Subject = email.Subject,
            Date = new DateTimeOffset(DateTime.SpecifyKind(email.QueuedAtUtc, DateTimeKind.Utc)),
            Body = new TextPart("plain") { Text = email.TextBody },
        };
        message.From.Add(new MailboxAddress(mailbox.Name, mailbox.Address));
        message.To.Add(MailboxAddress.Parse(email.To));
        if (email.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
        }

        if (email.References is { } references)
        {
            foreach (var reference in references.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                message.References.Add(reference);
            }
        }

        if (email.CaseEntryId is null)
        {
            message.Headers.Add(AutoSubmittedHeader, "auto-replied");
        }

        return message;
    }
}
