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
    /// <summary>A big queue's trace is cut here: the thread keeps what decided, not every member.</summary>
    public const int MaxTraceLines = 50;

    /// <summary>The trace as one line per step, for the case's thread.</summary>
    public string Explain()
    {
        var lines = new List<string>
        {
            (Rule, Trace.FirstOrDefault(s => s.Chosen)?.Name) switch
            {
                (RoutingRule.Relationship, { } name) => $"Assigned to {name}, who served the customer last.",
                (RoutingRule.PinnedAgent, { } name) => $"Assigned to {name}, pinned to the customer.",
                (RoutingRule.RoundRobin, { } name) => $"Assigned to {name} by round robin (the member assigned longest ago).",
                (RoutingRule.LeastLoaded, { } name) => $"Assigned to {name}, the member with the fewest open cases.",
                _ => "Left in the queue for an agent to pick.",
            },
        };
        lines.AddRange(Trace.Take(MaxTraceLines).Select(s => $"{(s.Chosen ? "chosen" : "skipped")}: {s.Name} ({s.Considered}) - {s.Reason}"));
        if (Trace.Count > MaxTraceLines)
        {
            lines.Add($"... and {Trace.Count - MaxTraceLines} more members later in turn or unavailable.");
        }

        return string.Join('\n', lines);
    }
}
