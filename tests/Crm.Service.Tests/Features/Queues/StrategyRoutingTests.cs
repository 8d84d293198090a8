using System.Net.Http.Json;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>Round robin and least loaded on a real host, and the agents routing must pass by: offline, away, full.</summary>
public sealed class StrategyRoutingTests(QueuesFixture fixture) : IClassFixture<QueuesFixture>
{
    [Fact]
    public async Task Round_robin_takes_turns_least_loaded_fills_the_emptiest_and_nobody_offline_or_full_is_assigned()
    {
        var ann = await fixture.Cases.UserIdAsync(CasesFixture.Agent);
        var bea = await fixture.Cases.UserIdAsync(QueuesFixture.SecondAgent);
        var cy = await fixture.Cases.UserIdAsync(QueuesFixture.ThirdAgent);
        await fixture.SetPresenceAsync(CasesFixture.Agent, AgentPresence.Available);
        await fixture.SetPresenceAsync(QueuesFixture.SecondAgent, AgentPresence.Available);
        await fixture.SetPresenceAsync(QueuesFixture.ThirdAgent, AgentPresence.Offline);
        var turns = await fixture.QueueAsync("Turns", RoutingStrategy.RoundRobin, false, CasesFixture.Agent, QueuesFixture.SecondAgent, QueuesFixture.ThirdAgent);

        var owners = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add((await fixture.NewCustomerCaseAsync(turns.Id, $"Turn {i}")).OwnerId);
        }

        // Offline Cy is never chosen; Ann and Bea take turns.
        Assert.DoesNotContain(cy, owners);
        Assert.Equal(2, owners.Count(o => o == ann));
        Assert.Equal(2, owners.Count(o => o == bea));
        Assert.NotEqual(owners[0], owners[1]);
        Assert.Equal(owners[0], owners[2]);

        // Least loaded: Cy comes back with nothing open and gets the next two; then the three are level and the turn decides.
        await fixture.SetPresenceAsync(QueuesFixture.ThirdAgent, AgentPresence.Available);
        var load = await fixture.QueueAsync("Load", RoutingStrategy.LeastLoaded, false, CasesFixture.Agent, QueuesFixture.SecondAgent, QueuesFixture.ThirdAgent);
        Assert.Equal(cy, (await fixture.NewCustomerCaseAsync(load.Id, "Load 1")).OwnerId);
        Assert.Equal(cy, (await fixture.NewCustomerCaseAsync(load.Id, "Load 2")).OwnerId);
        var levelled = await fixture.NewCustomerCaseAsync(load.Id, "Load 3");
        Assert.Contains("the member with the fewest open cases", Assert.Single(levelled.Thread, e => e.Body.StartsWith("Queued in", StringComparison.Ordinal)).Body, StringComparison.Ordinal);

        // Full and away agents are passed by; with nobody left the case waits in the queue, unassigned.
        using (var manager = await fixture.ClientAsync(CasesFixture.Manager))
        {
            foreach (var id in new[] { ann, bea })
            {
                using var capacity = await manager.PutAsJsonAsync(new Uri($"/api/v1/agents/{id}/capacity", UriKind.Relative), new CapacityInput { Capacity = 1 }, CasesFixture.Json);
                capacity.EnsureSuccessStatusCode();
            }
        }

        await fixture.SetPresenceAsync(QueuesFixture.ThirdAgent, AgentPresence.Away);
        var waiting = await fixture.NewCustomerCaseAsync(turns.Id, "Nobody free");
        Assert.Null(waiting.OwnerId);
        Assert.Equal(turns.Id, waiting.QueueId);
        var trace = Assert.Single(waiting.Thread, e => e.Body.StartsWith("Queued in Turns.", StringComparison.Ordinal)).Body;
        Assert.Contains("Left in the queue for an agent to pick.", trace, StringComparison.Ordinal);
        Assert.Contains("- full (2 of 1 open cases)", trace, StringComparison.Ordinal);
        Assert.Contains("- away", trace, StringComparison.Ordinal);

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var unassigned = await CasesFixture.ReadAsync<Crm.Kernel.PagedResult<CaseListItem>>(
            await agent.GetAsync(new Uri($"/api/v1/cases?queueId={turns.Id}&unassigned=true", UriKind.Relative)));
        Assert.Equal(waiting.Id, Assert.Single(unassigned.Items).Id);
        var mine = await CasesFixture.ReadAsync<Crm.Kernel.PagedResult<CaseListItem>>(
            await agent.GetAsync(new Uri("/api/v1/cases?myQueues=true&openOnly=true&pageSize=100", UriKind.Relative)));
        Assert.Equal(8, mine.TotalCount);
        Assert.All(mine.Items, c => Assert.Contains(c.QueueName, new[] { "Turns", "Load" }));
    }
}
