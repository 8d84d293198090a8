using Crm.Service.Contracts;
using Crm.Service.Domain.Routing;

namespace Crm.Service.Tests.Domain.Routing;

public sealed class CaseRouterTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromDays(90);

    private static RoutingCandidate Agent(string id, AgentPresence presence = AgentPresence.Available, int open = 0, int capacity = 10, DateTime? lastAssigned = null) =>
        new(id, id.ToUpperInvariant(), presence, open, capacity, lastAssigned);

    private static RoutingRequest Request(RoutingStrategy strategy, IReadOnlyList<RoutingCandidate> members, LastService? last = null, IReadOnlyList<RoutingCandidate>? pinned = null) =>
        new(strategy, members, last, pinned ?? [], Window, Now);

    [Fact]
    public void The_agent_who_served_the_customer_last_gets_the_case_when_available_and_under_capacity()
    {
        var ann = Agent("ann", open: 3);
        var decision = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, [Agent("bob"), ann], new LastService(ann, Now.AddDays(-12))));

        Assert.Equal("ann", decision.AgentId);
        Assert.Equal(RoutingRule.Relationship, decision.Rule);
        Assert.Equal("ann", decision.PreferredAgentId);
        var step = Assert.Single(decision.Trace);
        Assert.True(step.Chosen);
        Assert.Equal("served the customer 12 days ago", step.Considered);
        Assert.Equal("available, 3 of 10 open cases", step.Reason);
    }

    [Theory]
    [InlineData(AgentPresence.Busy, 0, "busy")]
    [InlineData(AgentPresence.Away, 0, "away")]
    [InlineData(AgentPresence.Offline, 0, "offline")]
    [InlineData(AgentPresence.Available, 10, "full (10 of 10 open cases)")]
    public void A_preferred_agent_who_cannot_take_it_is_skipped_with_the_reason_and_remembered(AgentPresence presence, int open, string reason)
    {
        var ann = Agent("ann", presence, open);
        var decision = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, [ann, Agent("bob")], new LastService(ann, Now.AddDays(-1))));

        Assert.Equal("bob", decision.AgentId);
        Assert.Equal(RoutingRule.RoundRobin, decision.Rule);
        Assert.Equal("ann", decision.PreferredAgentId);
        Assert.Equal(["ann", "bob"], decision.Trace.Select(s => s.AgentId));
        Assert.Equal(reason, decision.Trace[0].Reason);
        Assert.Equal("served the customer yesterday", decision.Trace[0].Considered);
        Assert.False(decision.Trace[0].Chosen);
        Assert.True(decision.Trace[1].Chosen);
    }

    [Fact]
    public void Service_longer_ago_than_the_window_makes_nobody_preferred()
    {
        var ann = Agent("ann");
        var decision = CaseRouter.Route(Request(RoutingStrategy.LeastLoaded, [Agent("bob", open: 1), ann], new LastService(ann, Now.AddDays(-91))));

        Assert.Null(decision.PreferredAgentId);
        Assert.Equal(RoutingRule.LeastLoaded, decision.Rule);
        Assert.Equal("bob", decision.AgentId);
        Assert.Equal("beyond the 90-day relationship window", decision.Trace[0].Reason);
    }

    [Fact]
    public void Exactly_at_the_end_of_the_window_the_agent_is_still_preferred()
    {
        var ann = Agent("ann");
        var decision = CaseRouter.Route(Request(RoutingStrategy.Manual, [], new LastService(ann, Now - Window)));
        Assert.Equal(RoutingRule.Relationship, decision.Rule);
    }

    [Fact]
    public void Pinned_agents_come_next_in_the_managers_order()
    {
        var ann = Agent("ann", AgentPresence.Offline);
        var decision = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, [Agent("bob")], new LastService(ann, Now.AddDays(-5)),
            [Agent("cat", AgentPresence.Busy), ann, Agent("dan", open: 2), Agent("eve")]));

        Assert.Equal("dan", decision.AgentId);
        Assert.Equal(RoutingRule.PinnedAgent, decision.Rule);
        Assert.Equal("ann", decision.PreferredAgentId);
        // Ann is looked at once (as the last agent), not again as pinned; Eve is never reached.
        Assert.Equal(["ann", "cat", "dan"], decision.Trace.Select(s => s.AgentId));
        Assert.Equal("pinned to the customer", decision.Trace[2].Considered);
    }

    [Fact]
    public void Round_robin_takes_the_member_assigned_longest_ago_and_a_new_member_first()
    {
        var members = new[]
        {
            Agent("ann", lastAssigned: Now.AddMinutes(-5)),
            Agent("bob", lastAssigned: Now.AddHours(-3)),
            Agent("cat", lastAssigned: Now.AddHours(-1)),
        };
        var decision = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, members));
        Assert.Equal("bob", decision.AgentId);
        Assert.Equal(["bob", "cat", "ann"], decision.Trace.Select(s => s.AgentId));
        Assert.StartsWith("next in turn: last assigned", decision.Trace[0].Reason, StringComparison.Ordinal);

        var withNewcomer = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, [.. members, Agent("dan")]));
        Assert.Equal("dan", withNewcomer.AgentId);
        Assert.Equal("next in turn: not assigned a case yet", withNewcomer.Trace[0].Reason);
    }

    [Fact]
    public void Least_loaded_takes_the_fewest_open_cases_and_breaks_ties_by_turn()
    {
        var decision = CaseRouter.Route(Request(RoutingStrategy.LeastLoaded,
        [
            Agent("ann", open: 4, lastAssigned: Now.AddHours(-9)),
            Agent("bob", open: 2, lastAssigned: Now.AddHours(-1)),
            Agent("cat", open: 2, lastAssigned: Now.AddHours(-2)),
            Agent("dan", open: 1, capacity: 1),
        ]));

        Assert.Equal("cat", decision.AgentId);
        Assert.Equal("fewest open cases: 2 of 10 open cases", decision.Trace.Single(s => s.Chosen).Reason);
        Assert.Equal("full (1 of 1 open cases)", decision.Trace.Single(s => s.AgentId == "dan").Reason);
    }

    [Fact]
    public void A_manual_queue_or_a_queue_nobody_can_take_leaves_the_case_unassigned()
    {
        var manual = CaseRouter.Route(Request(RoutingStrategy.Manual, [Agent("ann")]));
        Assert.Null(manual.AgentId);
        Assert.Equal(RoutingRule.LeftInQueue, manual.Rule);
        Assert.Empty(manual.Trace);

        var nobody = CaseRouter.Route(Request(RoutingStrategy.RoundRobin, [Agent("ann", AgentPresence.Away), Agent("bob", open: 10)]));
        Assert.Null(nobody.AgentId);
        Assert.Equal(RoutingRule.LeftInQueue, nobody.Rule);
        Assert.Equal(["away", "full (10 of 10 open cases)"], nobody.Trace.Select(s => s.Reason));
        Assert.Contains("Left in the queue", nobody.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_never_assigns_an_agent_who_is_not_available_under_capacity()
    {
        // Every combination of presence and load for three agents in every role: whoever is chosen can take the case.
        var presences = Enum.GetValues<AgentPresence>();
        foreach (var strategy in Enum.GetValues<RoutingStrategy>())
        {
            foreach (var a in presences)
            {
                foreach (var b in presences)
                {
                    foreach (var open in new[] { 0, 5 })
                    {
                        var ann = Agent("ann", a, open, capacity: 5);
                        var bob = Agent("bob", b, 5 - open, capacity: 5);
                        var cat = Agent("cat", a, 1, capacity: 5);
                        var decision = CaseRouter.Route(Request(strategy, [bob, cat], new LastService(ann, Now.AddDays(-3)), [cat]));
                        if (decision.AgentId is { } chosen)
                        {
                            var agent = new[] { ann, bob, cat }.Single(x => x.AgentId == chosen);
                            Assert.Null(agent.Unavailability);
                            Assert.Equal(chosen, Assert.Single(decision.Trace, s => s.Chosen).AgentId);
                        }
                        else
                        {
                            Assert.DoesNotContain(decision.Trace, s => s.Chosen);
                        }
                    }
                }
            }
        }
    }
}
