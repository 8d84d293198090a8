using System.Net;
using System.Net.Http.Json;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;

namespace Crm.Service.Tests.Features.Macros;

/// <summary>Macros over the API: who may manage and apply them, validation as problem details, applying one to a case.</summary>
public sealed class MacrosApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private static readonly Uri Macros = new("/api/v1/macros", UriKind.Relative);

    [Fact]
    public async Task Managers_manage_macros_agents_list_only_active_ones_and_reps_see_none()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var macro = await CreateAsync(manager, new MacroInput("Ask for photo " + Suffix(), "Hi {{customer.name}}, could you send a photo?", CaseStatus.PendingCustomer));
        Assert.True(macro.IsActive);
        Assert.Equal("Replies, sets status Pending customer", macro.Summary);

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        Assert.Contains(await ListAsync(agent), m => m.Id == macro.Id);
        using (var byAgent = await agent.PostAsJsonAsync(Macros, new MacroInput("Mine", "Hello"), CasesFixture.Json))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        }

        using (var agentEdits = await agent.PutAsJsonAsync(new Uri($"/api/v1/macros/{macro.Id}", UriKind.Relative), new MacroInput("Mine", "Hello"), CasesFixture.Json))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agentEdits.StatusCode);
        }

        using (var agentDeletes = await agent.DeleteAsync(new Uri($"/api/v1/macros/{macro.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agentDeletes.StatusCode);
        }

        using (var agentAll = await agent.GetAsync(new Uri("/api/v1/macros?includeInactive=true", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agentAll.StatusCode);
        }

        using var rep = await fixture.ClientAsync(CasesFixture.Rep);
        using (var byRep = await rep.GetAsync(Macros))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        }

        // Deactivated: gone for agents (list and get), still there for the Manager; deleted: gone for everyone.
        var deactivated = await CasesFixture.ReadAsync<MacroView>(await CasesFixture.PostAsync(manager, $"/api/v1/macros/{macro.Id}/deactivate", new { }, macro.Version));
        Assert.False(deactivated.IsActive);
        Assert.DoesNotContain(await ListAsync(agent), m => m.Id == macro.Id);
        using (var agentGets = await agent.GetAsync(new Uri($"/api/v1/macros/{macro.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, agentGets.StatusCode);
        }

        var all = await CasesFixture.ReadAsync<List<MacroView>>(await manager.GetAsync(new Uri("/api/v1/macros?includeInactive=true", UriKind.Relative)));
        Assert.Contains(all, m => m.Id == macro.Id && !m.IsActive);

        using (var stale = await DeleteAsync(manager, macro.Id, macro.Version))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        using (var deleted = await DeleteAsync(manager, macro.Id, deactivated.Version))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await manager.GetAsync(new Uri($"/api/v1/macros/{macro.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Unknown_placeholders_duplicate_names_and_empty_macros_are_refused_with_problem_details()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var name = "Greeting " + Suffix();
        await CreateAsync(manager, new MacroInput(name, "Hello {{customer.name}}"));

        using var typo = await manager.PostAsJsonAsync(Macros, new MacroInput("Typo " + Suffix(), "Hello {{customer.nmae}} about {{order.number}}"), CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal("application/problem+json", typo.Content.Headers.ContentType?.MediaType);
        var problem = await typo.Content.ReadAsStringAsync();
        Assert.Contains("Unknown placeholder {{customer.nmae}}, {{order.number}}", problem, StringComparison.Ordinal);

        using var duplicate = await manager.PostAsJsonAsync(Macros, new MacroInput(name.ToUpperInvariant(), "Hi"), CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains($"A macro named '{name.ToUpperInvariant()}' exists already.", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var empty = await manager.PostAsJsonAsync(Macros, new MacroInput("Nothing " + Suffix(), " "), CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Give the macro a reply or at least one action", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var all = await CasesFixture.ReadAsync<List<MacroView>>(await manager.GetAsync(new Uri("/api/v1/macros?includeInactive=true", UriKind.Relative)));
        Assert.Single(all, m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_agent_applies_a_macro_its_reply_is_rendered_and_its_actions_follow_the_case_rules()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var macro = await CreateAsync(manager, new MacroInput("Refund " + Suffix(), "Dear {{customer.name}}, your refund for {{case.number}} is on its way. {{agent.name}}",
            CaseStatus.Resolved, CasePriority.High, "refund"));
        var customer = await fixture.CustomerOfAsync(CasesFixture.Rep, "Macro" + Suffix());
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var opened = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Refund please");

        using (var stale = await CasesFixture.PostAsync(agent, $"/api/v1/macros/{macro.Id}/apply", new MacroApplyInput(opened.Id), Guid.NewGuid()))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        var applied = await CasesFixture.ReadAsync<CaseDetails>(
            await CasesFixture.PostAsync(agent, $"/api/v1/macros/{macro.Id}/apply", new MacroApplyInput(opened.Id), opened.Version));

        var reply = Assert.Single(applied.Thread, e => e.Kind == CaseEntryKind.PublicReply);
        Assert.Equal($"Dear {customer.DisplayName}, your refund for {opened.Number} is on its way. {reply.AuthorName}", reply.Body);
        Assert.NotNull(applied.FirstRespondedAtUtc);
        Assert.Equal(CaseStatus.Resolved, applied.Status);
        Assert.Equal(CasePriority.High, applied.Priority);
        Assert.Equal(["refund"], applied.Tags);
        Assert.Contains(applied.Thread, e => e.Body == "Priority changed from Normal to High.");
        Assert.Contains(applied.Thread, e => e.Body == "Status changed from Open to Resolved.");

        // Resolved cannot become Resolved again by way of Open: the same macro on a closed case is refused and changes nothing.
        await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Closed)));
        using var closed = await CasesFixture.PostAsync(agent, $"/api/v1/macros/{macro.Id}/apply", new MacroApplyInput(opened.Id));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        var after = await CasesFixture.ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.Single(after.Thread, e => e.Kind == CaseEntryKind.PublicReply);
    }

    [Fact]
    public async Task A_macro_whose_status_the_case_cannot_take_is_refused_before_anything_is_sent()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var close = await CreateAsync(manager, new MacroInput("Close now " + Suffix(), "Closing {{case.number}}.", CaseStatus.Closed));
        var customer = await fixture.CustomerOfAsync(CasesFixture.Rep, "Refused" + Suffix());
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var opened = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Cannot close yet");

        using var refused = await CasesFixture.PostAsync(agent, $"/api/v1/macros/{close.Id}/apply", new MacroApplyInput(opened.Id));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("cannot take", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await CasesFixture.ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.DoesNotContain(after.Thread, e => e.Kind == CaseEntryKind.PublicReply);
        Assert.Equal(CaseStatus.New, after.Status);

        using var rep = await fixture.ClientAsync(CasesFixture.Rep);
        using var byRep = await CasesFixture.PostAsync(rep, $"/api/v1/macros/{close.Id}/apply", new MacroApplyInput(opened.Id));
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static async Task<MacroView> CreateAsync(HttpClient manager, MacroInput input)
    {
        using var response = await manager.PostAsJsonAsync(Macros, input, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await CasesFixture.ReadAsync<MacroView>(response);
    }

    private static async Task<List<MacroView>> ListAsync(HttpClient client) =>
        await CasesFixture.ReadAsync<List<MacroView>>(await client.GetAsync(Macros));

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, long id, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/v1/macros/{id}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        return await client.SendAsync(request);
    }
}
