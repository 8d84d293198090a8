using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>Cases over the API on a real host: opening, the thread, the timeline, transitions, versions and who may do what.</summary>
public sealed class CasesApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    [Fact]
    public async Task An_agent_opens_a_case_once_per_idempotency_key_with_a_number_an_etag_and_the_request_first_in_its_thread()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Okafor");
        using var agent = await fixture.ClientAsync(Agent);
        var input = new CaseInput
        {
            CustomerId = customer.Id, Subject = "  Parcel never arrived ", Description = "Ordered two weeks ago.", Channel = Channel.Email,
            Category = "Delivery", Priority = CasePriority.High, Tags = ["late", " Late ", "carrier"],
        };
        var key = Guid.NewGuid().ToString();

        using var first = await OpenAsync(agent, input, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var opened = await ReadAsync<CaseDetails>(first);
        using var replay = await OpenAsync(agent, input, key);
        var again = await ReadAsync<CaseDetails>(replay);

        Assert.Equal(opened.Id, again.Id);
        Assert.Equal($"CS-{opened.Id:D6}", opened.Number);
        Assert.Equal(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative).ToString(), first.Headers.Location!.AbsolutePath);
        Assert.Equal($"\"{opened.Version:N}\"", first.Headers.ETag!.Tag);
        Assert.Equal(("Parcel never arrived", CaseStatus.New, CasePriority.High, "Delivery"), (opened.Subject, opened.Status, opened.Priority, opened.Category));
        Assert.Equal(["late", "carrier"], opened.Tags);
        Assert.Equal(customer.DisplayName, opened.CustomerName);
        Assert.Equal((CaseEntryKind.CustomerMessage, "Ordered two weeks ago."), (opened.Thread[0].Kind, opened.Thread[0].Body));
        var list = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={customer.Id}", UriKind.Relative), Json);
        Assert.Equal(1, list!.TotalCount);
    }

    [Fact]
    public async Task Bad_fields_are_named_and_store_nothing()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Lindqvist");
        var other = await fixture.CustomerOfAsync(Rep, "Marchetti");
        using var agent = await fixture.ClientAsync(Agent);

        using var blank = await OpenAsync(agent, new CaseInput { CustomerId = customer.Id, Subject = " ", Tags = ["a|b"] });
        await AssertFieldsAsync(blank, "subject", "tags[0]");
        using var unknown = await OpenAsync(agent, new CaseInput { CustomerId = 987_654_321, Subject = "Hello" });
        await AssertFieldsAsync(unknown, "customerId");
        var repId = await fixture.UserIdAsync(Rep);
        using var wrong = await OpenAsync(agent, new CaseInput { CustomerId = customer.Id, Subject = "Hello", OwnerId = repId, OrderId = 555_555, ProductCode = "NO-SUCH" });
        await AssertFieldsAsync(wrong, "ownerId", "orderId", "productCode");

        using var nullTag = await agent.PostAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new StringContent($$"""{"customerId":{{customer.Id}},"subject":"Hello","tags":[null]}""", System.Text.Encoding.UTF8, "application/json"));
        await AssertFieldsAsync(nullTag, "tags[0]");

        foreach (var id in new[] { customer.Id, other.Id })
        {
            var list = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={id}", UriKind.Relative), Json);
            Assert.Equal(0, list!.TotalCount);
        }
    }

    [Fact]
    public async Task A_public_reply_is_the_first_response_and_goes_on_the_timeline_a_note_does_neither()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Haddad");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Wrong size delivered", Channel.Chat);

        using var noted = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/notes", new CaseNoteInput("Customer is a regular; be generous."));
        var afterNote = await ReadAsync<CaseDetails>(noted);
        Assert.Null(afterNote.FirstRespondedAtUtc);
        Assert.Equal(CaseStatus.New, afterNote.Status);

        using var replied = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("We are sending the right size today."), afterNote.Version);
        var afterReply = await ReadAsync<CaseDetails>(replied);
        Assert.Equal(CaseStatus.Open, afterReply.Status);
        Assert.NotNull(afterReply.FirstRespondedAtUtc);
        var reply = Assert.Single(afterReply.Thread, e => e.Kind == CaseEntryKind.PublicReply);
        Assert.Equal((Channel.Chat, "Sam Agent"), (reply.Channel!.Value, reply.AuthorName));
        Assert.Equal(afterReply.FirstRespondedAtUtc, reply.AtUtc);

        await fixture.Host.OutboxSettledAsync();
        var timeline = await agent.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer.Id}/interactions?type=Case", UriKind.Relative), Json);
        Assert.Equal(
            [(InteractionDirection.Outbound, $"{opened.Number}: Reply: Wrong size delivered", "We are sending the right size today."),
             (InteractionDirection.Inbound, $"{opened.Number}: Wrong size delivered", "Please help.")],
            timeline!.Items.Select(i => (i.Direction, i.Subject, i.Notes!)));
        Assert.All(timeline.Items, i => Assert.Equal((Channel.Chat, opened.Number), (i.Channel, i.CaseId!)));
        Assert.DoesNotContain(timeline.Items, i => i.Notes?.Contains("generous", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Status_changes_follow_the_map_stale_versions_get_412_and_resolving_reaches_the_timeline()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Nakamura");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Refund missing");

        using var resolved = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Resolved), opened.Version);
        var afterResolve = await ReadAsync<CaseDetails>(resolved);
        Assert.Equal(CaseStatus.Resolved, afterResolve.Status);
        Assert.NotNull(afterResolve.ResolvedAtUtc);
        Assert.NotEqual(opened.Version, afterResolve.Version);

        using var stale = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Closed), opened.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var closed = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Closed), afterResolve.Version);
        Assert.Equal(CaseStatus.Closed, (await ReadAsync<CaseDetails>(closed)).Status);

        using var reopen = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Open));
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        Assert.Contains("A case that is Closed cannot become Open", await reopen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var lateReply = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("Anything else?"));
        Assert.Equal(HttpStatusCode.Conflict, lateReply.StatusCode);

        await fixture.Host.OutboxSettledAsync();
        var timeline = await agent.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer.Id}/interactions?type=Case", UriKind.Relative), Json);
        Assert.Equal([$"{opened.Number}: Closed: Refund missing", $"{opened.Number}: Resolved: Refund missing", $"{opened.Number}: Refund missing"],
            timeline!.Items.Select(i => i.Subject));
    }

    [Fact]
    public async Task A_manager_assigns_to_an_agent_but_not_to_a_rep_and_unassigned_cases_are_listed()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Oyelaran");
        using var manager = await fixture.ClientAsync(Manager);
        var opened = await OpenCaseAsync(manager, customer.Id, "Invoice address wrong");
        var agentId = await fixture.UserIdAsync(Agent);

        using var toRep = await PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(await fixture.UserIdAsync(Rep)));
        await AssertFieldsAsync(toRep, "ownerId");
        var unassigned = await manager.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?unassigned=true&customerId={customer.Id}", UriKind.Relative), Json);
        Assert.Equal([opened.Id], unassigned!.Items.Select(c => c.Id));

        using var toAgent = await PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId));
        var assigned = await ReadAsync<CaseDetails>(toAgent);
        Assert.Equal((agentId, "Sam Agent"), (assigned.OwnerId!, assigned.OwnerName!));
        Assert.Equal("Assigned to Sam Agent.", assigned.Thread[^1].Body);
        var mine = await manager.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?ownerId={agentId}&customerId={customer.Id}", UriKind.Relative), Json);
        Assert.Equal([opened.Id], mine!.Items.Select(c => c.Id));
        unassigned = await manager.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?unassigned=true&customerId={customer.Id}", UriKind.Relative), Json);
        Assert.Empty(unassigned!.Items);
    }

    [Fact]
    public async Task A_rep_opens_and_reads_cases_of_their_own_customers_only_and_works_none()
    {
        var own = await fixture.CustomerOfAsync(Rep, "Ferreira");
        var others = await fixture.CustomerOfAsync(SecondRep, "Kowalczyk");
        using var rep = await fixture.ClientAsync(Rep);
        using var agent = await fixture.ClientAsync(Agent);

        var mine = await OpenCaseAsync(rep, own.Id, "Question about warranty");
        using var forOthers = await OpenAsync(rep, new CaseInput { CustomerId = others.Id, Subject = "Not mine" });
        Assert.Equal(HttpStatusCode.Forbidden, forOthers.StatusCode);
        var theirs = await OpenCaseAsync(agent, others.Id, "Broken handle");

        using var read = await rep.GetAsync(new Uri($"/api/v1/cases/{mine.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var readOthers = await rep.GetAsync(new Uri($"/api/v1/cases/{theirs.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, readOthers.StatusCode);
        var list = await rep.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri("/api/v1/cases?pageSize=200", UriKind.Relative), Json);
        Assert.Contains(list!.Items, c => c.Id == mine.Id);
        Assert.All(list.Items, c => Assert.NotEqual(others.Id, c.CustomerId));

        foreach (var (path, body) in new (string, object)[]
        {
            ($"/api/v1/cases/{mine.Id}/replies", new CaseReplyInput("Hi")),
            ($"/api/v1/cases/{mine.Id}/notes", new CaseNoteInput("Hi")),
            ($"/api/v1/cases/{mine.Id}/status", new CaseStatusInput(CaseStatus.Resolved)),
            ($"/api/v1/cases/{mine.Id}/assign", new CaseAssignInput(null)),
        })
        {
            using var refused = await PostAsync(rep, path, body);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refused.StatusCode}");
        }

        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        using var noSignIn = await anonymous.GetAsync(new Uri("/api/v1/cases", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, noSignIn.StatusCode);
    }

    [Fact]
    public async Task The_list_finds_a_case_by_number_subject_or_customer_filters_by_status_and_pages()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Zellweger");
        using var agent = await fixture.ClientAsync(Agent);
        var first = await OpenCaseAsync(agent, customer.Id, "Scratched tabletop");
        var second = await OpenCaseAsync(agent, customer.Id, "Missing screws");
        var third = await OpenCaseAsync(agent, customer.Id, "Assembly instructions");
        using var resolved = await PostAsync(agent, $"/api/v1/cases/{third.Id}/status", new CaseStatusInput(CaseStatus.Resolved));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        async Task<long[]> IdsAsync(string query) =>
            [.. (await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?{query}", UriKind.Relative), Json))!.Items.Select(c => c.Id)];

        Assert.Equal([second.Id], await IdsAsync($"search={Uri.EscapeDataString(second.Number.ToLowerInvariant())}"));
        Assert.Equal([first.Id], await IdsAsync("search=tabletop"));
        Assert.Equal([third.Id, second.Id, first.Id], await IdsAsync($"search={Uri.EscapeDataString(customer.DisplayName)}"));
        Assert.Equal([second.Id, first.Id], await IdsAsync($"customerId={customer.Id}&openOnly=true"));
        Assert.Equal([third.Id], await IdsAsync($"customerId={customer.Id}&status=Resolved&status=Closed"));
        Assert.Equal([first.Id, second.Id, third.Id], await IdsAsync($"customerId={customer.Id}&sort=Number&descending=false"));
        var page = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(
            new Uri($"/api/v1/cases?customerId={customer.Id}&sort=Number&descending=false&page=1&pageSize=2", UriKind.Relative), Json);
        Assert.Equal(3, page!.TotalCount);
        Assert.Equal([third.Id], page.Items.Select(c => c.Id));
    }

    // Input MVC cannot read (a priority the enum lacks, a missing body field) and input a handler refuses (a blank body) are
    // one kind of 400 to the client: one title, fields named as in the JSON, and no .NET type names.
    [Fact]
    public async Task Input_that_does_not_read_gets_the_handlers_validation_problem_with_json_field_names_and_no_type_names()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Unreadable");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Readable");
        async Task<(JsonElement Problem, string Text)> SendAsync(string path, string json)
        {
            using var response = await agent.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            return (JsonDocument.Parse(text).RootElement, text);
        }

        var (badPriority, badPriorityText) = await SendAsync("/api/v1/cases", $$"""{"customerId":{{customer.Id}},"subject":"x","priority":"Critical"}""");
        var (missingBody, missingBodyText) = await SendAsync($"/api/v1/cases/{opened.Id}/notes", "{}");
        var (blankBody, _) = await SendAsync($"/api/v1/cases/{opened.Id}/notes", """{"body":" "}""");

        var priority = Assert.Single(badPriority.GetProperty("errors").EnumerateObject());
        Assert.Equal("priority", priority.Name);
        var message = Assert.Single(priority.Value.EnumerateArray()).GetString();
        Assert.All(Enum.GetNames<CasePriority>(), name => Assert.Contains(name, message, StringComparison.Ordinal));
        Assert.Equal(["body"], missingBody.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["body"], blankBody.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var handlersTitle = blankBody.GetProperty("title").GetString();
        Assert.Equal(handlersTitle, badPriority.GetProperty("title").GetString());
        Assert.Equal(handlersTitle, missingBody.GetProperty("title").GetString());
        foreach (var text in new[] { badPriorityText, missingBodyText })
        {
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Crm.", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(""","tags":null""")]
    [InlineData("")]
    public async Task Tags_null_or_absent_open_a_case_without_tags(string tags)
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Achterberg");
        using var agent = await fixture.ClientAsync(Agent);

        using var response = await agent.PostAsync(new Uri("/api/v1/cases", UriKind.Relative), new StringContent(
            $$"""{"customerId":{{customer.Id}},"subject":"No tags"{{tags}}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty((await ReadAsync<CaseDetails>(response)).Tags);
    }

    [Fact]
    public async Task A_status_change_without_a_status_is_refused_not_read_as_New()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Haugland");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Lid does not close");

        using var empty = await agent.PostAsync(new Uri($"/api/v1/cases/{opened.Id}/status", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        await AssertFieldsAsync(empty, "status");
        using (var problem = JsonDocument.Parse(await empty.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith("Choose the status to move the case to", problem.RootElement.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        }

        var now = await ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.Equal(opened.Version, now.Version);
    }

    [Fact]
    public async Task A_rep_may_not_choose_the_owner_of_a_case_they_open_routing_does()
    {
        var own = await fixture.CustomerOfAsync(Rep, "Delacroix");
        using var rep = await fixture.ClientAsync(Rep);
        var managerId = await fixture.UserIdAsync(Manager);

        using var withOwner = await OpenAsync(rep, new CaseInput { CustomerId = own.Id, Subject = "Send it to the boss", OwnerId = managerId });

        Assert.Equal(HttpStatusCode.Forbidden, withOwner.StatusCode);
        Assert.Contains("leave ownerId empty", await withOwner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var agent = await fixture.ClientAsync(Agent);
        var list = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={own.Id}", UriKind.Relative), Json);
        Assert.Equal(0, list!.TotalCount);
        var routed = await ReadAsync<CaseDetails>(await OpenAsync(rep, new CaseInput { CustomerId = own.Id, Subject = "Routed instead" }));
        Assert.NotEqual(managerId, routed.OwnerId);
    }

    [Fact]
    public async Task A_SalesRep_key_reads_and_opens_cases_of_every_customer_but_works_none_and_names_no_owner()
    {
        var repsCustomer = await fixture.CustomerOfAsync(Rep, "Oyelaran");
        var othersCustomer = await fixture.CustomerOfAsync(SecondRep, "Brennan");
        using var agent = await fixture.ClientAsync(Agent);
        var existing = await OpenCaseAsync(agent, othersCustomer.Id, "Handle came off");
        using var key = fixture.Host.CreateApiKeyClient(await fixture.Host.IssueApiKeyAsync(CrmRoles.SalesRep));

        var list = await key.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={othersCustomer.Id}", UriKind.Relative), Json);
        Assert.Equal([existing.Id], list!.Items.Select(c => c.Id));
        Assert.Equal(existing.Id, (await ReadAsync<CaseDetails>(await key.GetAsync(new Uri($"/api/v1/cases/{existing.Id}", UriKind.Relative)))).Id);
        foreach (var customer in new[] { repsCustomer, othersCustomer })
        {
            using var opened = await OpenAsync(key, new CaseInput { CustomerId = customer.Id, Subject = "From the web shop" });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        }

        using var withOwner = await OpenAsync(key, new CaseInput { CustomerId = othersCustomer.Id, Subject = "Pick Sam", OwnerId = await fixture.UserIdAsync(Agent) });
        Assert.Equal(HttpStatusCode.Forbidden, withOwner.StatusCode);
        using var note = await PostAsync(key, $"/api/v1/cases/{existing.Id}/notes", new CaseNoteInput("From the integration."));
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);
    }

    [Fact]
    public async Task A_ServiceAgent_key_is_told_that_working_queued_cases_needs_a_Manager_key()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Lindgren");
        using var manager = await fixture.ClientAsync(Manager);
        var queue = await ReadAsync<QueueDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = $"Key desk {Guid.NewGuid():N}"[..20], Strategy = RoutingStrategy.Manual }, Json));
        var queued = await ReadAsync<CaseDetails>(await OpenAsync(manager, new CaseInput { CustomerId = customer.Id, Subject = "Queued", QueueId = queue.Id }));
        using var key = fixture.Host.CreateApiKeyClient(await fixture.Host.IssueApiKeyAsync(CrmRoles.ServiceAgent));

        using var note = await PostAsync(key, $"/api/v1/cases/{queued.Id}/notes", new CaseNoteInput("From the integration."));

        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);
        Assert.Contains("an integration that works cases needs a key issued for the Manager role", await note.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), errors);
    }
}
