using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>Assignment rules choose a new case's queue; agents pinned to a customer come after the last agent and before the strategy.</summary>
public sealed class RulesAndPinsTests(QueuesFixture fixture) : IClassFixture<QueuesFixture>
{
    [Fact]
    public async Task The_first_matching_rule_in_the_managers_order_chooses_the_queue_and_the_default_takes_the_rest()
    {
        var general = await fixture.QueueAsync("General", RoutingStrategy.Manual, true);
        var returns = await fixture.QueueAsync("Returns", RoutingStrategy.Manual, false);
        var technical = await fixture.QueueAsync("Technical", RoutingStrategy.Manual, false);
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        using var saved = await manager.PutAsJsonAsync(new Uri("/api/v1/queues/rules", UriKind.Relative), new[]
        {
            new AssignmentRuleInput { QueueId = technical.Id, Category = "Technical", Channel = Channel.Email },
            new AssignmentRuleInput { QueueId = returns.Id, SubjectKeywords = ["refund", " send back "] },
        }, CasesFixture.Json);
        var rules = await CasesFixture.ReadAsync<List<AssignmentRuleView>>(saved);
        Assert.Equal([1, 2], rules.Select(r => r.Position));
        Assert.Equal(["refund", "send back"], rules[1].SubjectKeywords);

        var customer = await fixture.Cases.CustomerOfAsync(CasesFixture.Rep, "Ruled");
        async Task<long?> QueueOfAsync(string subject, string? category, Channel channel)
        {
            var opened = await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.OpenAsync(manager,
                new CaseInput { CustomerId = customer.Id, Subject = subject, Category = category, Channel = channel }));
            return opened.QueueId;
        }

        Assert.Equal(returns.Id, await QueueOfAsync("I want a REFUND", null, Channel.Phone));
        Assert.Equal(technical.Id, await QueueOfAsync("App crashes, refund please", "technical", Channel.Email));
        Assert.Equal(returns.Id, await QueueOfAsync("App crashes, refund please", "technical", Channel.Phone));
        Assert.Equal(general.Id, await QueueOfAsync("Hello", "Billing", Channel.Email));

        // A rule without a condition or with an unknown queue is refused, and the stored rules stay as they were.
        using var bad = await manager.PutAsJsonAsync(new Uri("/api/v1/queues/rules", UriKind.Relative), new[]
        {
            new AssignmentRuleInput { QueueId = returns.Id },
            new AssignmentRuleInput { QueueId = 999_999, Category = "X" },
        }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Rule 1: set a category, subject keywords, a customer tier or a channel", problem, StringComparison.Ordinal);
        Assert.Contains("Rule 2: no active queue with id 999999.", problem, StringComparison.Ordinal);
        Assert.Equal(2, (await CasesFixture.ReadAsync<List<AssignmentRuleView>>(await manager.GetAsync(new Uri("/api/v1/queues/rules", UriKind.Relative)))).Count);

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        using var byAgent = await agent.PutAsJsonAsync(new Uri("/api/v1/queues/rules", UriKind.Relative), Array.Empty<AssignmentRuleInput>(), CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
    }

    [Fact]
    public async Task Pinned_agents_get_the_customers_cases_in_order_when_no_one_served_them_and_at_most_three_are_pinned()
    {
        var ann = await fixture.Cases.UserIdAsync(CasesFixture.Agent);
        var bea = await fixture.Cases.UserIdAsync(QueuesFixture.SecondAgent);
        var cy = await fixture.Cases.UserIdAsync(QueuesFixture.ThirdAgent);
        await fixture.SetPresenceAsync(CasesFixture.Agent, AgentPresence.Available);
        await fixture.SetPresenceAsync(QueuesFixture.SecondAgent, AgentPresence.Away);
        await fixture.SetPresenceAsync(QueuesFixture.ThirdAgent, AgentPresence.Available);
        var queue = await fixture.QueueAsync("Key accounts", RoutingStrategy.RoundRobin, false, CasesFixture.Agent);
        var customer = await fixture.Cases.CustomerOfAsync(CasesFixture.Rep, "Pinned");

        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var uri = new Uri($"/api/v1/customers/{customer.Id}/preferred-agents", UriKind.Relative);
        using var tooMany = await manager.PutAsJsonAsync(uri, new PreferredAgentsInput { AgentIds = [bea, cy, ann, await fixture.Cases.UserIdAsync(CasesFixture.Manager)] }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Pin at most 3 agents to a customer.", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var pinned = await CasesFixture.ReadAsync<List<PreferredAgentView>>(await manager.PutAsJsonAsync(uri, new PreferredAgentsInput { AgentIds = [bea, cy] }, CasesFixture.Json));
        Assert.Equal([bea, cy], pinned.Select(p => p.AgentId));
        Assert.Equal([1, 2], pinned.Select(p => p.Rank));

        // Bea is away, so Cy (second pinned, not even a member of the queue) gets it before the queue's round robin.
        var opened = await fixture.CaseForAsync(customer.Id, queue.Id, "Contract renewal");
        Assert.Equal(cy, opened.OwnerId);
        var trace = Assert.Single(opened.Thread, e => e.Body.StartsWith("Queued in Key accounts.", StringComparison.Ordinal)).Body;
        Assert.Contains("pinned to the customer", trace, StringComparison.Ordinal);
        Assert.Contains("- away", trace, StringComparison.Ordinal);

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        Assert.Equal(2, (await CasesFixture.ReadAsync<List<PreferredAgentView>>(await agent.GetAsync(uri))).Count);
        using var byAgent = await agent.PutAsJsonAsync(uri, new PreferredAgentsInput(), CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
    }
}
