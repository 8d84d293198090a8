using System.Globalization;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Routing;

/// <summary>The agent who last served the customer, and when.</summary>
internal sealed record LastService(RoutingCandidate Agent, DateTime ServedAtUtc);

/// <summary>Everything routing needs to know when a case arrives in a queue.</summary>
/// <param name="Strategy">The queue's strategy.</param>
/// <param name="Members">The queue's members.</param>
/// <param name="LastServed">The agent who last served the customer, if any.</param>
/// <param name="Pinned">Agents a Manager pinned to the customer, in the Manager's order (at most three).</param>
/// <param name="RelationshipWindow">How long after serving a customer an agent is still their preferred agent.</param>
/// <param name="NowUtc">The moment of routing.</param>
internal sealed record RoutingRequest(
    RoutingStrategy Strategy,
    IReadOnlyList<RoutingCandidate> Members,
    LastService? LastServed,
    IReadOnlyList<RoutingCandidate> Pinned,
    TimeSpan RelationshipWindow,
    DateTime NowUtc);

/// <summary>
/// Routes a new case: first the agent who served the customer last (within the relationship window), then the agents a
/// Manager pinned to the customer in their order, then the queue's strategy over its members. Only an Available agent
/// under their capacity is assigned automatically. Every agent looked at is in the trace with the reason.
/// </summary>
internal static class CaseRouter
{
    public static RoutingDecision Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var trace = new List<RoutingStep>();
        var considered = new HashSet<string>(StringComparer.Ordinal);
        string? preferred = null;

        if (request.LastServed is { } last && considered.Add(last.Agent.AgentId))
        {
            var days = (int)Math.Floor((request.NowUtc - last.ServedAtUtc).TotalDays);
            var served = string.Create(CultureInfo.InvariantCulture, $"served the customer {(days <= 0 ? "today" : days == 1 ? "yesterday" : $"{days} days ago")}");
            if (request.NowUtc - last.ServedAtUtc > request.RelationshipWindow)
            {
                trace.Add(Skip(last.Agent, served, string.Create(CultureInfo.InvariantCulture, $"beyond the {request.RelationshipWindow.TotalDays:0}-day relationship window")));
            }
            else
            {
                preferred = last.Agent.AgentId;
                if (Take(last.Agent, served, trace))
                {
                    return new RoutingDecision(last.Agent.AgentId, RoutingRule.Relationship, preferred, trace);
                }
            }
        }

        foreach (var pinned in request.Pinned.Where(p => considered.Add(p.AgentId)))
        {
            if (Take(pinned, "pinned to the customer", trace))
            {
                return new RoutingDecision(pinned.AgentId, RoutingRule.PinnedAgent, preferred, trace);
            }
        }

        if (request.Strategy == RoutingStrategy.Manual)
        {
            return new RoutingDecision(null, RoutingRule.LeftInQueue, preferred, trace);
        }

        var eligible = new List<RoutingCandidate>();
        foreach (var member in request.Members.Where(m => considered.Add(m.AgentId)))
        {
            if (member.Unavailability is { } reason)
            {
                trace.Add(Skip(member, "queue member", reason));
            }
            else
            {
                eligible.Add(member);
            }
        }

        var ordered = request.Strategy == RoutingStrategy.LeastLoaded
            ? eligible.OrderBy(m => m.OpenCases).ThenBy(m => m.LastAssignedAtUtc ?? DateTime.MinValue).ThenBy(m => m.AgentId, StringComparer.Ordinal).ToList()
            : eligible.OrderBy(m => m.LastAssignedAtUtc ?? DateTime.MinValue).ThenBy(m => m.AgentId, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return new RoutingDecision(null, RoutingRule.LeftInQueue, preferred, trace);
        }

        var rule = request.Strategy == RoutingStrategy.LeastLoaded ? RoutingRule.LeastLoaded : RoutingRule.RoundRobin;
        trace.Add(new RoutingStep(ordered[0].AgentId, ordered[0].Name, "queue member", Chosen: true, Describe(ordered[0], rule, first: true)));
        trace.AddRange(ordered.Skip(1).Select(m => Skip(m, "queue member", Describe(m, rule, first: false))));
        return new RoutingDecision(ordered[0].AgentId, rule, preferred, trace);
    }

    private static bool Take(RoutingCandidate agent, string considered, List<RoutingStep> trace)
    {
        if (agent.Unavailability is { } reason)
        {
            trace.Add(Skip(agent, considered, reason));
            return false;
        }

        trace.Add(new RoutingStep(agent.AgentId, agent.Name, considered, Chosen: true,
            string.Create(CultureInfo.InvariantCulture, $"available, {agent.OpenCases} of {agent.Capacity} open cases")));
        return true;
    }

    private static RoutingStep Skip(RoutingCandidate agent, string considered, string reason) =>
        new(agent.AgentId, agent.Name, considered, Chosen: false, reason);

    private static string Describe(RoutingCandidate member, RoutingRule rule, bool first)
    {
        var assigned = member.LastAssignedAtUtc is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"last assigned {at:yyyy-MM-dd HH:mm} UTC")
            : "not assigned a case yet";
        var load = string.Create(CultureInfo.InvariantCulture, $"{member.OpenCases} of {member.Capacity} open cases");
        return (rule, first) switch
        {
            (RoutingRule.LeastLoaded, true) => $"fewest open cases: {load}",
            (RoutingRule.LeastLoaded, false) => $"more loaded or later in turn: {load}",
            (_, true) => $"next in turn: {assigned}",
            _ => $"later in turn: {assigned}",
        };
    }
}
