using Crm.Service.Contracts;

namespace Crm.Service.Domain.Routing;

/// <summary>One agent routing looked at, and what it concluded.</summary>
internal sealed record RoutingStep(string AgentId, string Name, string Considered, bool Chosen, string Reason);

/// <summary>
/// Who gets a new case and why: the rule that decided, every agent considered with the reason they were chosen or
/// skipped, and the preferred agent (the one who served the customer last), remembered even when someone else gets the case.
/// </summary>
internal sealed record RoutingDecision(string? AgentId, RoutingRule Rule, string? PreferredAgentId, IReadOnlyList<RoutingStep> Trace)
{
    /// <summary>The trace as one line per step, for the case's thread.</summary>
    public string Explain()
    {
        var lines = new List<string>
        {
            Rule switch
            {
                RoutingRule.Relationship => "Assigned to the agent who served the customer last.",
                RoutingRule.PinnedAgent => "Assigned to an agent pinned to the customer.",
                RoutingRule.RoundRobin => "Assigned by round robin (the member assigned longest ago).",
                RoutingRule.LeastLoaded => "Assigned to the least loaded member.",
                _ => "Left in the queue for an agent to pick.",
            },
        };
        lines.AddRange(Trace.Select(s => $"{(s.Chosen ? "chosen" : "skipped")}: {s.Name} ({s.Considered}) - {s.Reason}"));
        return string.Join('\n', lines);
    }
}
