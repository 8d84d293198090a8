using System.Net;
using System.Net.Http.Json;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>Queues and agents over the API: who may set them up, validation, versions, the default queue.</summary>
public sealed class QueuesApiTests(QueuesFixture fixture) : IClassFixture<QueuesFixture>
{
    [Fact]
    public async Task Managers_set_up_queues_agents_read_them_and_reps_and_agents_cannot_change_them()
    {
        var queue = await fixture.QueueAsync("Returns " + Guid.NewGuid().ToString("N")[..4], RoutingStrategy.LeastLoaded, false, CasesFixture.Agent);
        Assert.Equal(RoutingStrategy.LeastLoaded, queue.Strategy);
        Assert.Equal(await fixture.Cases.UserIdAsync(CasesFixture.Agent), Assert.Single(queue.Members).AgentId);

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var listed = await CasesFixture.ReadAsync<List<QueueDetails>>(await agent.GetAsync(new Uri("/api/v1/queues", UriKind.Relative)));
        Assert.Contains(listed, q => q.Id == queue.Id);
        using var byAgent = await agent.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative), new QueueInput { Name = "Mine" }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        using var agentsByAgent = await agent.GetAsync(new Uri("/api/v1/agents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, agentsByAgent.StatusCode);

        using var rep = await fixture.ClientAsync(CasesFixture.Rep);
        using var byRep = await rep.GetAsync(new Uri("/api/v1/queues", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        using var repPresence = await rep.PutAsJsonAsync(new Uri("/api/v1/agents/me/presence", UriKind.Relative), new PresenceInput { Presence = AgentPresence.Available }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, repPresence.StatusCode);
    }

    [Fact]
    public async Task A_team_lead_agent_may_supervise_a_queue_they_are_no_member_of_and_works_its_cases()
    {
        var agentId = await fixture.Cases.UserIdAsync(CasesFixture.Agent);
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = "Led " + Guid.NewGuid().ToString("N")[..6], Strategy = RoutingStrategy.Manual, SupervisorId = agentId }, CasesFixture.Json);
        var queue = await CasesFixture.ReadAsync<QueueDetails>(created);
        Assert.Equal((agentId, "Sam Agent"), (queue.SupervisorId!, queue.SupervisorName!));
        Assert.Empty(queue.Members);
        var queued = await fixture.NewCustomerCaseAsync(queue.Id, "Supervised case");

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        using var note = await CasesFixture.PostAsync(agent, $"/api/v1/cases/{queued.Id}/notes", new CaseNoteInput("Taking a look as team lead."));

        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
    }

    [Fact]
    public async Task Bad_queues_get_a_message_per_field_and_nothing_is_stored()
    {
        var name = "Technical " + Guid.NewGuid().ToString("N")[..4];
        await fixture.QueueAsync(name, RoutingStrategy.RoundRobin, false);
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var repId = await fixture.Cases.UserIdAsync(CasesFixture.Rep);

        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = name.ToUpperInvariant(), SupervisorId = repId, MemberIds = [repId, "no-such-user"] }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"A queue named '{name.ToUpperInvariant()}' exists already.", body, StringComparison.Ordinal);
        Assert.Contains("is no ServiceAgent, Manager or Admin.", body, StringComparison.Ordinal);
        Assert.Contains("'no-such-user' is no ServiceAgent, Manager or Admin.", body, StringComparison.Ordinal);

        using var empty = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative), new QueueInput { Name = "  " }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Give the queue a name.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var listed = await CasesFixture.ReadAsync<List<QueueDetails>>(await manager.GetAsync(new Uri("/api/v1/queues", UriKind.Relative)));
        Assert.Single(listed, q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task One_default_queue_at_a_time_a_stale_version_is_refused_and_a_deactivated_queue_takes_no_cases()
    {
        var first = await fixture.QueueAsync("First " + Guid.NewGuid().ToString("N")[..4], RoutingStrategy.Manual, true);
        var second = await fixture.QueueAsync("Second " + Guid.NewGuid().ToString("N")[..4], RoutingStrategy.Manual, true);
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var queues = await CasesFixture.ReadAsync<List<QueueDetails>>(await manager.GetAsync(new Uri("/api/v1/queues", UriKind.Relative)));
        Assert.Equal(second.Id, Assert.Single(queues, q => q.IsDefault).Id);

        // A case without a queue lands in the default one.
        var customer = await fixture.Cases.CustomerOfAsync(CasesFixture.Rep, "Defaulted");
        var landed = await fixture.CaseForAsync(customer.Id, null, "Where does this go?");
        Assert.Equal(second.Id, landed.QueueId);
        Assert.Equal(second.Name, landed.QueueName);

        // The first queue's version changed when it stopped being the default: its old ETag is stale.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/queues/{first.Id}", UriKind.Relative))
        {
            Content = JsonContent.Create(new QueueInput { Name = first.Name, Description = "changed" }, options: CasesFixture.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{first.Version:N}\"");
        using var stale = await manager.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var deactivated = await CasesFixture.PostAsync(manager, $"/api/v1/queues/{second.Id}/deactivate", new { });
        var after = await CasesFixture.ReadAsync<QueueDetails>(deactivated);
        Assert.False(after.IsActive);
        Assert.False(after.IsDefault);
        using var refused = await CasesFixture.OpenAsync(manager, new CaseInput { CustomerId = customer.Id, Subject = "Into a closed queue", QueueId = second.Id });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"No active queue with id {second.Id}.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_sets_their_presence_and_a_manager_their_capacity()
    {
        await fixture.SetPresenceAsync(QueuesFixture.ThirdAgent, AgentPresence.Away);
        using var third = await fixture.ClientAsync(QueuesFixture.ThirdAgent);
        var me = await CasesFixture.ReadAsync<AgentAvailabilityView>(await third.GetAsync(new Uri("/api/v1/agents/me", UriKind.Relative)));
        Assert.Equal(AgentPresence.Away, me.ChosenPresence);
        using var badPresence = await third.PutAsync(new Uri("/api/v1/agents/me/presence", UriKind.Relative),
            new StringContent("{\"presence\":null}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badPresence.StatusCode);

        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        using var zero = await manager.PutAsJsonAsync(new Uri($"/api/v1/agents/{me.AgentId}/capacity", UriKind.Relative), new CapacityInput { Capacity = 0 }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("from 1 to 500", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var set = await manager.PutAsJsonAsync(new Uri($"/api/v1/agents/{me.AgentId}/capacity", UriKind.Relative), new CapacityInput { Capacity = 3 }, CasesFixture.Json);
        Assert.Equal(3, (await CasesFixture.ReadAsync<AgentAvailabilityView>(set)).Capacity);
        using var unknown = await manager.PutAsJsonAsync(new Uri("/api/v1/agents/nobody/capacity", UriKind.Relative), new CapacityInput { Capacity = 3 }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var agents = await CasesFixture.ReadAsync<List<AgentAvailabilityView>>(await manager.GetAsync(new Uri("/api/v1/agents", UriKind.Relative)));
        Assert.Contains(agents, a => a.AgentId == me.AgentId && a.Capacity == 3 && a.Presence == AgentPresence.Away);
    }
}
