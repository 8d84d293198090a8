namespace Crm.Service.Contracts;

/// <summary>Whether an agent can take a case now. Only Available agents under their capacity are assigned automatically.</summary>
public enum AgentPresence
{
    Available,
    Busy,
    Away,
    Offline,
}

/// <summary>How a queue picks the agent of a new case when no preferred agent takes it.</summary>
public enum RoutingStrategy
{
    /// <summary>The member who was assigned a case longest ago.</summary>
    RoundRobin,

    /// <summary>The member with the fewest open cases (ties: the one assigned longest ago).</summary>
    LeastLoaded,

    /// <summary>Nobody automatically: an agent or the supervisor picks the case from the queue.</summary>
    Manual,
}

/// <summary>The rule that decided an automatic assignment.</summary>
public enum RoutingRule
{
    /// <summary>The agent who served the customer last, within the relationship window.</summary>
    Relationship,

    /// <summary>One of the agents a Manager pinned to the customer (a key-account team).</summary>
    PinnedAgent,

    RoundRobin,

    LeastLoaded,

    /// <summary>Nobody was assigned: the queue is manual, or no member could take the case.</summary>
    LeftInQueue,
}
