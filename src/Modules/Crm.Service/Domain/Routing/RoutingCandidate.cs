using Crm.Service.Contracts;

namespace Crm.Service.Domain.Routing;

/// <summary>An agent as routing sees them at the moment a case arrives.</summary>
/// <param name="AgentId">The agent's user id.</param>
/// <param name="Name">Shown in the trace.</param>
/// <param name="Presence">Set by the agent in the app bar; Offline when signed out.</param>
/// <param name="OpenCases">Cases the agent owns that are not resolved or closed.</param>
/// <param name="Capacity">How many open cases the agent takes at most.</param>
/// <param name="LastAssignedAtUtc">When the agent was last given a case automatically (round robin's order).</param>
internal sealed record RoutingCandidate(
    string AgentId, string Name, AgentPresence Presence, int OpenCases, int Capacity, DateTime? LastAssignedAtUtc)
{
    /// <summary>Why the agent cannot take a case now, or <c>null</c> when they can.</summary>
    public string? Unavailability => Presence != AgentPresence.Available
        ? $"{Presence.ToString().ToLowerInvariant()}"
        : OpenCases >= Capacity
            ? $"full ({OpenCases} of {Capacity} open cases)"
            : null;
}
