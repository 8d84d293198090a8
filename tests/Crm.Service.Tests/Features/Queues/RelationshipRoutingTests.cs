using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>
/// The seed's rule on a real host: a customer's new case goes to the agent who served them last when that agent is
/// Available and under capacity; otherwise the queue's strategy picks and the case remembers the preferred agent.
/// </summary>
public sealed class RelationshipRoutingTests(QueuesFixture fixture) : IClassFixture<QueuesFixture>
{
    [Fact]
    public async Task The_customer_gets_the_agent_who_served_them_last_and_when_that_agent_is_busy_someone_else_with_the_reason_shown()
    {
        await fixture.SetPresenceAsync(CasesFixture.Agent, AgentPresence.Available);
        await fixture.SetPresenceAsync(QueuesFixture.SecondAgent, AgentPresence.Available);
        var queue = await fixture.QueueAsync("Orders and delivery", RoutingStrategy.RoundRobin, true, CasesFixture.Agent, QueuesFixture.SecondAgent);
        var customer = await fixture.Cases.CustomerOfAsync(CasesFixture.Rep, "Loyal");

        // Nobody served the customer yet: round robin picks one of the two.
        var first = await fixture.CaseForAsync(customer.Id, null, "Parcel late");
        Assert.Equal(queue.Id, first.QueueId);
        Assert.NotNull(first.OwnerId);
        Assert.Null(first.PreferredAgentId);
        Assert.Contains(first.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.Contains("by round robin", StringComparison.Ordinal));
        var served = first.OwnerId!;
        var servedEmail = served == await fixture.Cases.UserIdAsync(CasesFixture.Agent) ? CasesFixture.Agent : QueuesFixture.SecondAgent;
        var otherEmail = servedEmail == CasesFixture.Agent ? QueuesFixture.SecondAgent : CasesFixture.Agent;

        using (var agent = await fixture.ClientAsync(servedEmail))
        {
            await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{first.Id}/replies", new CaseReplyInput("It ships today.")));
        }

        // The same customer again: the agent who replied gets it, whatever round robin's turn would be.
        var second = await fixture.CaseForAsync(customer.Id, queue.Id, "Wrong size");
        Assert.Equal(served, second.OwnerId);
        Assert.Equal(served, second.PreferredAgentId);
        var routed = Assert.Single(second.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("Queued in Orders and delivery.", StringComparison.Ordinal));
        Assert.Contains("who served the customer last", routed.Body, StringComparison.Ordinal);
        Assert.Contains("chosen: ", routed.Body, StringComparison.Ordinal);
        Assert.Contains("(served the customer today) - available, 1 of 10 open cases", routed.Body, StringComparison.Ordinal);

        // Busy: the other member gets the third case, and the case still names the preferred agent and why they were passed by.
        await fixture.SetPresenceAsync(servedEmail, AgentPresence.Busy);
        var third = await fixture.CaseForAsync(customer.Id, queue.Id, "Refund missing");
        Assert.Equal(await fixture.Cases.UserIdAsync(otherEmail), third.OwnerId);
        Assert.Equal(served, third.PreferredAgentId);
        Assert.NotNull(third.PreferredAgentName);
        var trace = Assert.Single(third.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("Queued in", StringComparison.Ordinal)).Body;
        Assert.Contains("(served the customer today) - busy", trace, StringComparison.Ordinal);
        Assert.Contains("by round robin", trace, StringComparison.Ordinal);
    }
}
