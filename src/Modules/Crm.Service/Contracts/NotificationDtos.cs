namespace Crm.Service.Contracts;

/// <summary>What an agent's notification is about.</summary>
public enum AgentNotificationKind
{
    /// <summary>Someone else (a Manager, a colleague, or routing) assigned a case to the agent.</summary>
    CaseAssigned,

    /// <summary>A target of a case the agent owns or supervises used its warning share (75 % by default).</summary>
    SlaWarning,

    /// <summary>A target of a case the agent owns or supervises passed its deadline.</summary>
    SlaBreached,

    /// <summary>The customer answered on a case the agent owns (it may have reopened it).</summary>
    CustomerMessage,

    /// <summary>An SLA escalation rule that notifies Managers ran on a case (the agent is a Manager).</summary>
    SlaEscalated,
}

/// <summary>One notification of the signed-in agent, newest first in lists.</summary>
public sealed record AgentNotificationView(long Id, AgentNotificationKind Kind, long CaseId, string CaseNumber, string Text, DateTime AtUtc, bool Read);

/// <summary>A page (from 0) of the signed-in agent's notifications, and how many of all of them are unread.</summary>
public sealed record AgentNotificationPage(IReadOnlyList<AgentNotificationView> Items, int TotalCount, int Page, int PageSize, int Unread);

/// <summary>How many notifications a "read all" marked read.</summary>
public sealed record MarkedRead(int Marked);
