using Crm.Service.Contracts;

namespace Crm.Service.Domain.Notifications;

/// <summary>
/// Something an agent must know about one of their cases, shown in the app bar's bell until they read it: the case was
/// assigned to them by someone else, or an SLA target of a case they own or supervise reached its warning or was breached.
/// </summary>
internal sealed class AgentNotification
{
    public const int MaxTextLength = 300;

    public long Id { get; private set; }

    public string RecipientId { get; private set; } = "";

    public AgentNotificationKind Kind { get; private set; }

    public long CaseId { get; private set; }

    public string Text { get; private set; } = "";

    public DateTime AtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public static AgentNotification For(string recipientId, AgentNotificationKind kind, long caseId, string text, DateTime atUtc) => new()
    {
        RecipientId = recipientId,
        Kind = kind,
        CaseId = caseId,
        Text = text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 1), "…"),
        AtUtc = atUtc,
    };

    /// <summary>The recipient read it. False when they had already.</summary>
    public bool MarkRead(DateTime nowUtc)
    {
        if (ReadAtUtc is not null)
        {
            return false;
        }

        ReadAtUtc = nowUtc;
        return true;
    }
}
