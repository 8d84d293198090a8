using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Agents;

namespace Crm.Service.Tests.Domain.Routing;

/// <summary>Presence follows the agent's apps: Offline when the last closes, their choice back when one opens.</summary>
public sealed class AgentAvailabilityTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_agent_is_offline_until_their_app_opens_and_then_available()
    {
        var agent = AgentAvailability.For("a1");
        Assert.Equal(AgentPresence.Offline, agent.Presence);
        agent.Connected(Now);
        Assert.Equal(AgentPresence.Available, agent.Presence);
        Assert.Equal(AgentAvailability.DefaultCapacity, agent.Capacity);
    }

    [Fact]
    public void Closing_the_app_makes_the_agent_offline_and_opening_it_restores_their_choice()
    {
        var agent = AgentAvailability.For("a1");
        agent.Choose(AgentPresence.Away, Now);
        agent.Disconnected(Now.AddMinutes(5));
        Assert.Equal(AgentPresence.Offline, agent.Presence);
        Assert.Equal(AgentPresence.Away, agent.ChosenPresence);
        Assert.Equal(Now.AddMinutes(5), agent.ChangedAtUtc);
        agent.Connected(Now.AddMinutes(9));
        Assert.Equal(AgentPresence.Away, agent.Presence);
        Assert.Equal(Now.AddMinutes(9), agent.ChangedAtUtc);
    }

    [Fact]
    public void Only_the_last_of_several_open_apps_closing_counts()
    {
        var apps = new OpenApps();
        Assert.True(apps.Opened("a1"));
        Assert.False(apps.Opened("a1"));
        Assert.False(apps.Closed("a1"));
        Assert.True(apps.Closed("a1"));
        Assert.False(apps.Closed("a1"));
        Assert.True(apps.Opened("a1"));
    }
}
