using Crm.Service.Contracts;

namespace Crm.Service.Domain.Sla;

/// <summary>What happened on a case, as far as the SLA clock cares.</summary>
internal enum CaseEventKind
{
    /// <summary>The status changed to <see cref="CaseEvent.Status"/>.</summary>
    StatusChanged,

    /// <summary>A reply from an agent that the customer sees, on any channel: the only thing that meets a response target.</summary>
    PublicAgentReply,

    /// <summary>A message from the customer: starts a next-response target once the first response is met.</summary>
    CustomerMessage,

    /// <summary>Never shown to the customer: meets nothing.</summary>
    InternalNote,

    /// <summary>An automatic acknowledgement: meets nothing.</summary>
    AutoReply,
}

/// <summary>One event of a case's history at a UTC instant.</summary>
internal sealed record CaseEvent(DateTime AtUtc, CaseEventKind Kind, CaseStatus? Status = null)
{
    public static CaseEvent StatusChanged(DateTime atUtc, CaseStatus status) => new(atUtc, CaseEventKind.StatusChanged, status);

    public static CaseEvent PublicReply(DateTime atUtc) => new(atUtc, CaseEventKind.PublicAgentReply);

    public static CaseEvent CustomerMessage(DateTime atUtc) => new(atUtc, CaseEventKind.CustomerMessage);

    public static CaseEvent InternalNote(DateTime atUtc) => new(atUtc, CaseEventKind.InternalNote);

    public static CaseEvent AutoReply(DateTime atUtc) => new(atUtc, CaseEventKind.AutoReply);
}

/// <summary>
/// A case's history for the clock: when it was created (status New) and its events. Events at the same instant keep
/// their order in the list; an event before the creation is refused.
/// </summary>
internal sealed record CaseHistory(DateTime CreatedAtUtc, IReadOnlyList<CaseEvent> Events);
