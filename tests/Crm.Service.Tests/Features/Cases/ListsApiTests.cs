using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>
/// The case lists over the API on a real host: who may work which case (the role matrix), bulk actions through the single
/// actions' rules, the list's filters, and saved views that stay private to their owner.
/// </summary>
public sealed class ListsApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private const string Admin = "admin@ecrm.local";

    [Fact]
    public async Task Agents_work_cases_they_own_in_their_queues_or_in_no_queue_and_only_read_the_rest_managers_and_admins_work_all_reps_read_their_own()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Matrix");
        using var manager = await fixture.ClientAsync(Manager);
        var agentId = await fixture.UserIdAsync(Agent);
        var managerId = await fixture.UserIdAsync(Manager);
        var queue = await QueueAsync(manager, "Returns " + Guid.NewGuid().ToString("N")[..6], members: [managerId]);
        var foreign = await OpenAsync(manager, customer.Id, "In a queue the agent is not in", queue.Id, managerId);
        var owned = await OpenAsync(manager, customer.Id, "In that queue, owned by the agent", queue.Id, agentId);
        var free = await OpenAsync(manager, customer.Id, "In no queue", queueId: null, ownerId: null);

        using var agent = await fixture.ClientAsync(Agent);
        using var admin = await fixture.ClientAsync(Admin);
        using var rep = await fixture.ClientAsync(Rep);
        using var otherRep = await fixture.ClientAsync(SecondRep);

        // Reading: every worker reads every case, the customer's rep too, another rep nothing.
        foreach (var reader in new[] { agent, manager, admin, rep })
        {
            using var read = await reader.GetAsync(new Uri($"/api/v1/cases/{foreign.Id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var notTheirs = await otherRep.GetAsync(new Uri($"/api/v1/cases/{foreign.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        }

        // Working the case in a queue the agent is not a member of: every action is refused with the reason, nothing stored.
        var refusals = new (string Path, object Body)[]
        {
            ($"/api/v1/cases/{foreign.Id}/replies", new CaseReplyInput("Hello")),
            ($"/api/v1/cases/{foreign.Id}/notes", new CaseNoteInput("Note")),
            ($"/api/v1/cases/{foreign.Id}/status", new CaseStatusInput(CaseStatus.PendingCustomer)),
            ($"/api/v1/cases/{foreign.Id}/assign", new CaseAssignInput(agentId)),
            ($"/api/v1/cases/{foreign.Id}/messages", new CaseMessageInput("Customer called")),
            ($"/api/v1/cases/{foreign.Id}/merge", new CaseMergeInput(free.Number)),
            ($"/api/v1/cases/{free.Id}/merge", new CaseMergeInput(foreign.Number)),
        };
        foreach (var (path, body) in refusals)
        {
            using var refused = await PostAsync(agent, path, body);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json);
            Assert.Contains($"{foreign.Number} is in the queue {queue.Name}, which you are not a member of", problem!.Detail, StringComparison.Ordinal);
        }

        var unchanged = await GetAsync(manager, foreign.Id);
        Assert.Equal(foreign.Version, unchanged.Version);
        Assert.Equal(foreign.Thread.Count, unchanged.Thread.Count);

        // The agent works the case they own in that queue and the case in no queue.
        await AssertNotedAsync(agent, owned.Id);
        await AssertNotedAsync(agent, free.Id);

        // Managers and Admins work every case; a rep works none, not even their customer's.
        await AssertNotedAsync(manager, foreign.Id);
        await AssertNotedAsync(admin, foreign.Id);
        using (var byRep = await PostAsync(rep, $"/api/v1/cases/{free.Id}/notes", new CaseNoteInput("Rep note")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        }

        using (var bulkByRep = await PostAsync(rep, "/api/v1/cases/bulk", new CaseBulkInput([free.Id], CaseBulkAction.AddTag, "vip")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bulkByRep.StatusCode);
        }

        // Once a member of the queue, the agent works its cases.
        await QueueMembersAsync(manager, queue, [managerId, agentId]);
        await AssertNotedAsync(agent, foreign.Id);
    }

    [Fact]
    public async Task A_bulk_status_change_applies_the_single_rules_to_each_case_and_skips_the_refused_ones_with_the_reason()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Bulkley");
        using var agent = await fixture.ClientAsync(Agent);
        var first = await OpenCaseAsync(agent, customer.Id, "First");
        var second = await OpenCaseAsync(agent, customer.Id, "Second");
        var closed = await OpenCaseAsync(agent, customer.Id, "Closed one");
        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{closed.Id}/status", new CaseStatusInput(CaseStatus.Resolved)));
        closed = await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{closed.Id}/status", new CaseStatusInput(CaseStatus.Closed)));

        var result = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk",
            new CaseBulkInput([first.Id, closed.Id, second.Id, first.Id, 987_654_321], CaseBulkAction.ChangeStatus, "pendingcustomer")));

        Assert.Equal((2, 0, 2), (result.Changed, result.Unchanged, result.Skipped));
        Assert.Equal([first.Id, closed.Id, second.Id, 987_654_321], result.Cases.Select(c => c.CaseId));
        Assert.Equal([CaseBulkOutcome.Changed, CaseBulkOutcome.Skipped, CaseBulkOutcome.Changed, CaseBulkOutcome.Skipped], result.Cases.Select(c => c.Outcome));
        Assert.Equal("A case that is Closed cannot become Pending customer; it can become nothing else.", result.Cases[1].Reason);
        Assert.Equal("No case with id 987654321.", result.Cases[3].Reason);
        Assert.Equal(closed.Version, (await GetAsync(agent, closed.Id)).Version);

        // Each changed case went through the single status change: its event on the thread, its entry on the customer's timeline.
        var changed = await GetAsync(agent, first.Id);
        Assert.Equal(CaseStatus.PendingCustomer, changed.Status);
        Assert.Contains(changed.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body == "Status changed from New to Pending customer.");
        await fixture.Host.OutboxSettledAsync();
        var timeline = (await agent.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer.Id}/interactions?type=Case&pageSize=100", UriKind.Relative), Json))!.Items.Select(i => i.Subject).ToList();
        Assert.Contains($"{first.Number}: Pending customer: First", timeline);
        Assert.Contains($"{second.Number}: Pending customer: Second", timeline);
        Assert.DoesNotContain(timeline, s => s.StartsWith($"{closed.Number}: Pending customer", StringComparison.Ordinal));

        // The same again changes nothing.
        var again = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk", new CaseBulkInput([first.Id, second.Id], CaseBulkAction.ChangeStatus, "PendingCustomer")));
        Assert.Equal((0, 2, 0), (again.Changed, again.Unchanged, again.Skipped));
    }

    [Fact]
    public async Task Bulk_assign_and_tag_go_on_each_thread_and_bad_requests_are_problems_that_change_nothing()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Tagliatelle");
        using var agent = await fixture.ClientAsync(Agent);
        var managerId = await fixture.UserIdAsync(Manager);
        var first = await OpenCaseAsync(agent, customer.Id, "One");
        var second = await OpenCaseAsync(agent, customer.Id, "Two");

        var assigned = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk", new CaseBulkInput([first.Id, second.Id], CaseBulkAction.Assign, managerId)));
        Assert.Equal(2, assigned.Changed);
        var tagged = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk", new CaseBulkInput([first.Id, second.Id], CaseBulkAction.AddTag, " Refund ")));
        Assert.Equal(2, tagged.Changed);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var shown = await GetAsync(agent, id);
            Assert.Equal(managerId, shown.OwnerId);
            Assert.Contains("Refund", shown.Tags);
            Assert.Contains(shown.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("Assigned to ", StringComparison.Ordinal));
            Assert.Contains(shown.Thread, e => e.Body == "Tagged \"Refund\".");
        }

        var retag = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk", new CaseBulkInput([first.Id], CaseBulkAction.AddTag, "refund")));
        Assert.Equal(CaseBulkOutcome.Unchanged, retag.Cases.Single().Outcome);
        var unassigned = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk", new CaseBulkInput([first.Id], CaseBulkAction.Assign, "")));
        Assert.Equal(CaseBulkOutcome.Changed, unassigned.Cases.Single().Outcome);
        Assert.Null((await GetAsync(agent, first.Id)).OwnerId);

        var before = await GetAsync(agent, second.Id);
        var tooMany = Enumerable.Range(1, CaseBulkInput.MaxCases + 1).Select(i => (long)i).ToList();
        await AssertProblemAsync(agent, new CaseBulkInput(tooMany, CaseBulkAction.AddTag, "x"), "caseIds", "Choose at most 200 cases at a time.");
        await AssertProblemAsync(agent, new CaseBulkInput([], CaseBulkAction.AddTag, "x"), "caseIds", "Choose at least one case.");
        await AssertProblemAsync(agent, new CaseBulkInput([second.Id], CaseBulkAction.ChangeStatus, "Finished"), "argument", "Name the status");
        await AssertProblemAsync(agent, new CaseBulkInput([second.Id], CaseBulkAction.ChangeStatus, "4"), "argument", "Name the status");
        await AssertProblemAsync(agent, new CaseBulkInput([second.Id], CaseBulkAction.AddTag, "a|b"), "argument", "A tag cannot contain '|'.");
        await AssertProblemAsync(agent, new CaseBulkInput([second.Id], CaseBulkAction.Assign, await fixture.UserIdAsync(Rep)), "argument", "is no ServiceAgent, Manager or Admin");
        using (var badAction = await agent.PostAsync(new Uri("/api/v1/cases/bulk", UriKind.Relative),
            new StringContent($$"""{"caseIds":[{{second.Id}}],"action":"Delete"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        }

        Assert.Equal(before.Version, (await GetAsync(agent, second.Id)).Version);

        // The cap is 200: exactly 200 ids are accepted (the unknown ones are skipped, each with its reason).
        var atCap = await ReadAsync<CaseBulkResult>(await PostAsync(agent, "/api/v1/cases/bulk",
            new CaseBulkInput([second.Id, .. Enumerable.Range(1, CaseBulkInput.MaxCases - 1).Select(i => 900_000L + i)], CaseBulkAction.AddTag, "capped")));
        Assert.Equal((1, 0, CaseBulkInput.MaxCases - 1), (atCap.Changed, atCap.Unchanged, atCap.Skipped));
    }

    [Fact]
    public async Task The_list_filters_by_queue_owner_channel_and_opening_dates_and_sorts()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Filterman");
        using var manager = await fixture.ClientAsync(Manager);
        var managerId = await fixture.UserIdAsync(Manager);
        var queue = await QueueAsync(manager, "Technical " + Guid.NewGuid().ToString("N")[..6], members: [managerId]);
        var queued = await OpenAsync(manager, customer.Id, "Queued by phone", queue.Id, managerId, Channel.Phone);
        var plain = await OpenAsync(manager, customer.Id, "By email, nobody's", queueId: null, ownerId: null);

        async Task<long[]> IdsAsync(string query) =>
            [.. (await manager.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={customer.Id}&{query}", UriKind.Relative), Json))!.Items.Select(c => c.Id)];

        Assert.Equal([queued.Id], await IdsAsync($"queueId={queue.Id}"));
        Assert.Equal([queued.Id], await IdsAsync($"ownerId={managerId}"));
        Assert.Equal([plain.Id], await IdsAsync("unassigned=true"));
        Assert.Equal([queued.Id], await IdsAsync("channel=Phone"));
        Assert.Equal([queued.Id], await IdsAsync("myQueues=true"));
        var opened = queued.OpenedAtUtc;
        Assert.Equal([plain.Id, queued.Id], await IdsAsync($"from={opened.AddMinutes(-1):O}&to={opened.AddDays(1):O}&sort=Opened"));
        Assert.Equal([queued.Id, plain.Id], await IdsAsync($"from={opened.AddMinutes(-1):O}&sort=Opened&descending=false"));
        Assert.Empty(await IdsAsync($"to={opened.AddMinutes(-1):O}"));
    }

    // 2147483647 * 100 wraps to -100 in 32 bits, which skipped nothing and showed the first page again.
    [Fact]
    public async Task A_page_number_so_large_that_its_offset_overflows_gives_an_empty_page()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Pagefar");
        using var manager = await fixture.ClientAsync(Manager);
        await OpenCaseAsync(manager, customer.Id, "Only case on the first page");

        var page = await manager.GetFromJsonAsync<PagedResult<CaseListItem>>(
            new Uri($"/api/v1/cases?customerId={customer.Id}&page={int.MaxValue}&pageSize=100", UriKind.Relative), Json);

        Assert.Empty(page!.Items);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task Saved_case_views_are_private_to_their_owner_and_apart_from_the_customer_list_views()
    {
        var agentId = await fixture.UserIdAsync(Agent);
        var managerId = await fixture.UserIdAsync(Manager);
        var name = "Urgent " + Guid.NewGuid().ToString("N")[..6];

        var saved = await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.SaveAsync(SavedViewLists.Cases, name, """{"view":"Overdue"}"""));
        Assert.Equal(CommandOutcome.Created, saved.Outcome);
        var replaced = await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.SaveAsync(SavedViewLists.Cases, $" {name} ", """{"view":"MyQueues"}"""));
        Assert.Equal((CommandOutcome.Done, saved.Value), (replaced.Outcome, replaced.Value));

        var mine = await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.MineAsync(SavedViewLists.Cases));
        Assert.Equal("""{"view":"MyQueues"}""", Assert.Single(mine, v => v.Name == name).QueryJson);
        Assert.DoesNotContain(await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.MineAsync(SavedViewLists.Customers)), v => v.Name == name);

        // Another user neither sees nor deletes it, and a view of their own under the same name is theirs alone.
        Assert.DoesNotContain(await AsUserAsync(managerId, CrmRoles.Manager, views => views.MineAsync(SavedViewLists.Cases)), v => v.Id == saved.Value);
        await Assert.ThrowsAsync<NotFoundException>(() => AsUserAsync(managerId, CrmRoles.Manager, views => views.DeleteAsync(SavedViewLists.Cases, saved.Value)));
        var theirs = await AsUserAsync(managerId, CrmRoles.Manager, views => views.SaveAsync(SavedViewLists.Cases, name, """{"view":"All"}"""));
        Assert.Equal(CommandOutcome.Created, theirs.Outcome);
        Assert.NotEqual(saved.Value, theirs.Value);

        // Deleting under another list's key finds nothing either; the owner deletes it.
        await Assert.ThrowsAsync<NotFoundException>(() => AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.DeleteAsync(SavedViewLists.Customers, saved.Value)));
        Assert.Equal(CommandOutcome.Done, (await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.DeleteAsync(SavedViewLists.Cases, saved.Value))).Outcome);
        Assert.DoesNotContain(await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.MineAsync(SavedViewLists.Cases)), v => v.Name == name);
        Assert.Contains(await AsUserAsync(managerId, CrmRoles.Manager, views => views.MineAsync(SavedViewLists.Cases)), v => v.Id == theirs.Value);

        var invalid = await AsUserAsync(agentId, CrmRoles.ServiceAgent, views => views.SaveAsync(SavedViewLists.Cases, " ", "{}"));
        Assert.Equal(CommandOutcome.Invalid, invalid.Outcome);
    }

    private async Task<T> AsUserAsync<T>(string userId, string role, Func<ISavedViews, Task<T>> action)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(userId, role);
        return await action(scope.ServiceProvider.GetRequiredService<ISavedViews>());
    }

    private static async Task AssertProblemAsync(HttpClient client, CaseBulkInput input, string field, string message)
    {
        using var response = await PostAsync(client, "/api/v1/cases/bulk", input);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json);
        Assert.True(problem!.Errors.TryGetValue(field, out var messages), $"no {field} in {string.Join(", ", problem.Errors.Keys)}");
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
    }

    private static async Task AssertNotedAsync(HttpClient client, long caseId)
    {
        using var noted = await PostAsync(client, $"/api/v1/cases/{caseId}/notes", new CaseNoteInput("Worked."));
        Assert.True(noted.StatusCode == HttpStatusCode.OK, $"{(int)noted.StatusCode}: {await noted.Content.ReadAsStringAsync()}");
    }

    private static async Task<CaseDetails> GetAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<CaseDetails>(new Uri($"/api/v1/cases/{id}", UriKind.Relative), Json))!;

    private static async Task<CaseDetails> OpenAsync(HttpClient client, long customerId, string subject, long? queueId, string? ownerId, Channel channel = Channel.Email) =>
        await ReadAsync<CaseDetails>(await CasesFixture.OpenAsync(client, new CaseInput
        {
            CustomerId = customerId, Subject = subject, Description = "Please help.", Channel = channel, QueueId = queueId, OwnerId = ownerId,
        }));

    private static async Task<QueueDetails> QueueAsync(HttpClient manager, string name, IReadOnlyList<string> members) =>
        await ReadAsync<QueueDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative), new QueueInput { Name = name, MemberIds = members }, Json));

    private static async Task QueueMembersAsync(HttpClient manager, QueueDetails queue, IReadOnlyList<string> members)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/queues/{queue.Id}", UriKind.Relative))
        {
            Content = JsonContent.Create(new QueueInput { Name = queue.Name, MemberIds = members }, options: Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{queue.Version:N}\"");
        using var response = await manager.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
