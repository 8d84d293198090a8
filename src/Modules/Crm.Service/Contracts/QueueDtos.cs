using Crm.Kernel.Api;

namespace Crm.Service.Contracts;

/// <summary>A queue as a Manager creates or edits it.</summary>
public sealed record QueueInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Defaults to RoundRobin.</summary>
    public RoutingStrategy? Strategy { get; init; }

    /// <summary>
    /// The queue's team lead: a ServiceAgent, Manager or Admin (400 for anyone else) who hears of the queue's SLA warnings and
    /// breaches and works its cases like a member.
    /// </summary>
    public string? SupervisorId { get; init; }

    /// <summary>New cases without a queue land in the default queue; making this one the default unsets the previous one.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The agents (ServiceAgents, Managers or Admins) who work the queue.</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];

    /// <summary>The queue's working calendar (a business calendar's id; empty: none). SLA policies may use it for the queue's cases.</summary>
    public long? CalendarId { get; init; }
}

/// <summary>An agent of a queue with what routing looks at.</summary>
public sealed record QueueMemberView(string AgentId, string Name, AgentPresence Presence, int OpenCases, int Capacity);

/// <summary>A queue with its members.</summary>
public sealed record QueueDetails(
    long Id, string Name, string? Description, RoutingStrategy Strategy, string? SupervisorId, string? SupervisorName,
    bool IsDefault, bool IsActive, int OpenCases, int UnassignedCases, IReadOnlyList<QueueMemberView> Members, Guid Version,
    long? CalendarId = null, string? CalendarName = null) : IVersioned;

/// <summary>An agent's presence as they set it, and how many open cases they take.</summary>
public sealed record PresenceInput
{
    public AgentPresence? Presence { get; init; }
}

/// <summary>An agent's availability: the presence in force, the one they chose, their open cases and capacity.</summary>
public sealed record AgentAvailabilityView(string AgentId, string Name, AgentPresence Presence, AgentPresence ChosenPresence, int OpenCases, int Capacity);

/// <summary>A Manager sets how many open cases an agent takes at most.</summary>
public sealed record CapacityInput
{
    public int? Capacity { get; init; }
}

/// <summary>
/// An assignment rule: a new case that matches every condition set goes to the queue. Conditions: the category (ignoring
/// case), any of the keywords in the subject (ignoring case), the customer's tier by spend at least the one named (Analytics'
/// stored figures), the channel. At least one must be set.
/// </summary>
public sealed record AssignmentRuleInput
{
    public long QueueId { get; init; }

    public string? Category { get; init; }

    public IReadOnlyList<string> SubjectKeywords { get; init; } = [];

    /// <summary>Bronze, Silver, Gold or Platinum: customers of this tier by spend or a higher one.</summary>
    public Crm.Analytics.Contracts.CustomerTier? MinimumTier { get; init; }

    public Crm.Kernel.Channel? Channel { get; init; }
}

/// <summary>An assignment rule as stored, in the Manager's order (the first match wins).</summary>
public sealed record AssignmentRuleView(
    long Id, int Position, long QueueId, string QueueName, string? Category, IReadOnlyList<string> SubjectKeywords, Crm.Kernel.Channel? Channel,
    Crm.Analytics.Contracts.CustomerTier? MinimumTier);

/// <summary>Up to three agents a Manager pins to a customer, in order: they get the customer's new cases before the queue's strategy.</summary>
public sealed record PreferredAgentsInput
{
    public IReadOnlyList<string> AgentIds { get; init; } = [];
}

/// <summary>An agent pinned to a customer.</summary>
public sealed record PreferredAgentView(string AgentId, string Name, int Rank);
