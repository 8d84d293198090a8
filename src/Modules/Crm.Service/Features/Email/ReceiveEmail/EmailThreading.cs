using System.Text.RegularExpressions;
using MimeKit;

namespace Crm.Service.Features.Email.ReceiveEmail;

/// <summary>What the intake reads from an email's headers: its references, the case number in the subject, the subject without reply prefixes, and whether it may be answered automatically.</summary>
internal static partial class EmailThreading
{
    /// <summary>The Message-IDs the email answers: In-Reply-To first, then References, newest first.</summary>
    public static IReadOnlyList<string> References(MimeMessage message)
    {
        var ids = new List<string>();
        if (Clean(message.InReplyTo) is { } inReplyTo)
        {
            ids.Add(inReplyTo);
        }

        ids.AddRange(message.References.Reverse().Select(Clean).OfType<string>());
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A Message-ID without angle brackets and blanks; null when there is none.</summary>
    public static string? Clean(string? messageId)
    {
        var id = messageId?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(id) ? null : id;
    }

    /// <summary>The case number <c>[CS-000123]</c> in a subject, as the case's id; null when there is none.</summary>
    public static long? CaseIdInSubject(string subject) =>
        CaseNumber().Match(subject) is { Success: true } match ? Domain.Cases.ServiceCase.IdOf(match.Groups[1].Value) : null;

    /// <summary>The subject without reply and forward prefixes (Re:, AW:, Fwd:, WG:, SV:), case numbers and extra blanks, in lower case.</summary>
    public static string Normalise(string subject) => Topic(subject).ToLowerInvariant();

    /// <summary>The subject a new case gets: without prefixes and case numbers, never empty, at most 200 characters.</summary>
    public static string Topic(string subject)
    {
        var text = CaseNumber().Replace(subject, " ");
        string before;
        do
        {
            before = text;
            text = Prefix().Replace(text, "");
        }
        while (text != before);

        text = Blanks().Replace(text, " ").Trim();
        return text.Length == 0 ? "(no subject)" : text.Length <= 200 ? text : text[..200];
    }

    /// <summary>
    /// False for mail that must get no automatic answer: <c>Auto-Submitted</c> other than <c>no</c> (RFC 3834: auto-replies,
    /// auto-generated mail) and <c>Precedence</c> bulk, junk or list (mailing lists, newsletters).
    /// </summary>
    public static bool MayAutoReply(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var precedence = message.Headers["Precedence"]?.Trim().ToLowerInvariant();
        return precedence is not ("bulk" or "junk" or "list");
    }

    [GeneratedRegex(@"\[\s*(CS-\d+)\s*\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumber();

    [GeneratedRegex(@"^\s*(re|aw|antw|fw|fwd|wg|sv|vs|tr)\s*(\[\d+\]|\(\d+\))?\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
