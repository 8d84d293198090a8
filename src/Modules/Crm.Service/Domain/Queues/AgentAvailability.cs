using Crm.Service.Contracts;

namespace Crm.Service.Domain.Queues;

/// <summary>
/// Whether an agent can take cases now, and how many open cases they take at most. The presence the agent chose is kept
/// apart from the one in force: closing the app makes them Offline, opening it again restores their choice.
/// </summary>
internal sealed class AgentAvailability
{
    public const int DefaultCapacity = 10;
    public const int MaxCapacity = 500;

    public string AgentId { get; set; } = "";

    /// <summary>In force: Offline while the agent has no open app, otherwise <see cref="ChosenPresence"/>.</summary>
    public AgentPresence Presence { get; private set; } = AgentPresence.Offline;

    public AgentPresence ChosenPresence { get; private set; } = AgentPresence.Available;

    public int Capacity { get; set; } = DefaultCapacity;

    public DateTime ChangedAtUtc { get; private set; }

    /// <summary>When routing last gave the agent a case (round robin takes the one assigned longest ago).</summary>
    public DateTime? LastAssignedAtUtc { get; set; }

    public static AgentAvailability For(string agentId) => new() { AgentId = agentId };

    /// <summary>The agent chose <paramref name="presence"/> in the app bar.</summary>
    public void Choose(AgentPresence presence, DateTime nowUtc)
    {
        ChosenPresence = presence;
        Presence = presence;
        ChangedAtUtc = nowUtc;
    }

    /// <summary>The agent opened the app: their choice is in force again.</summary>
    public void Connected(DateTime nowUtc)
    {
        if (Presence != ChosenPresence)
        {
            Presence = ChosenPresence;
            ChangedAtUtc = nowUtc;
        }
    }

    /// <summary>The agent's last app closed or they signed out: Offline until they come back.</summary>
    public void Disconnected(DateTime nowUtc)
    {
        if (Presence != AgentPresence.Offline)
        {
            Presence = AgentPresence.Offline;
            ChangedAtUtc = nowUtc;
        }
    }
}
