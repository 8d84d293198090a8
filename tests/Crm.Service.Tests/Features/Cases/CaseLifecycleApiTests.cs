using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>
/// A case's life over the API on a real host with a driven clock: customer messages, the reopen window (3 days here),
/// follow-ups, merge and split, the contract the channels will call, and who may do these.
/// </summary>
public sealed class CaseLifecycleApiTests(CaseLifecycleFixture fixture) : IClassFixture<CaseLifecycleFixture>
{
    [Fact]
    public async Task A_logged_customer_message_opens_a_case_pending_the_customer_starts_the_next_response_clock_and_reaches_the_timeline()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await CustomerAsync("Achterberg");
        var opened = await OpenCaseAsync(agent, customer, "Dishwasher leaks");
        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("Is the hose tight?")));
        var pending = await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.PendingCustomer)));
        fixture.Advance(TimeSpan.FromHours(2));
        var at = fixture.Now;

        using var response = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput("  It is tight, still leaking.  ", Channel.Phone), pending.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await ReadAsync<CaseDetails>(response);

        Assert.Equal(CaseStatus.Open, answered.Status);
        var message = answered.Thread.Last(e => e.Kind == CaseEntryKind.CustomerMessage);
        Assert.Equal(("It is tight, still leaking.", (Channel?)Channel.Phone, at, "Sam Agent"), (message.Body, message.Channel, message.AtUtc, message.AuthorName!));
        // The Standard policy of a fresh database: next response within 8 hours, around the clock.
        var next = Assert.Single(answered.Sla.Targets, t => t.Target == SlaTarget.NextResponse);
        Assert.Equal((CaseSlaState.Running, at, (DateTime?)at.AddHours(8)), (next.State, next.StartedAtUtc, next.DueAtUtc));
        Assert.Equal(at.AddHours(8), await fixture.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Cases.ServiceCase>()
            .Where(c => c.Id == opened.Id).Select(c => c.NextResponseDueAtUtc).SingleAsync()));

        using var stale = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput("Again"), pending.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var blank = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput(" "));
        await AssertFieldsAsync(blank, "body");

        await fixture.Host.OutboxSettledAsync();
        var timeline = await agent.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customer}/interactions?type=Case", UriKind.Relative), Json);
        var logged = timeline!.Items[0];
        Assert.Equal([new CustomerMessageReceived(opened.Id, customer, Channel.Phone, Reopened: false, at)],
            fixture.Messages.Values.Where(m => m.CaseId == opened.Id));
        Assert.Equal((InteractionDirection.Inbound, Channel.Phone, $"{opened.Number}: Customer message: Dishwasher leaks", "It is tight, still leaking."),
            (logged.Direction, logged.Channel, logged.Subject, logged.Notes!));
    }

    [Fact]
    public async Task Within_the_reopen_window_a_message_reopens_the_case_and_past_it_a_follow_up_is_opened_linked_both_ways()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await CustomerAsync("Brandauer");
        var opened = await OpenCaseAsync(agent, customer, "Coffee grinder jams");
        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Resolved)));
        fixture.Advance(TimeSpan.FromDays(CaseLifecycleFixture.ReopenDays) - TimeSpan.FromMinutes(1));

        using var agentLater = await fixture.ClientAsync(Agent);
        var reopened = await ReadAsync<CaseDetails>(await PostAsync(agentLater, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput("It jams again.")));
        Assert.Equal((CaseStatus.Open, 1, (DateTime?)null), (reopened.Status, reopened.ReopenCount, reopened.ResolvedAtUtc));
        Assert.StartsWith("Reopened by the customer's message on Email", reopened.Thread[^1].Body, StringComparison.Ordinal);
        Assert.Equal(CaseSlaState.Running, Assert.Single(reopened.Sla.Targets, t => t.Target == SlaTarget.Resolution).State);
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Cases.ServiceCase>()
            .Where(c => c.Id == opened.Id).Select(c => c.ReopenCount).SingleAsync()));
        await fixture.Host.OutboxSettledAsync();
        Assert.Equal([true], fixture.Messages.Values.Where(m => m.CaseId == opened.Id).Select(m => m.Reopened));

        var resolved = await ReadAsync<CaseDetails>(await PostAsync(agentLater, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Resolved)));
        fixture.Advance(TimeSpan.FromDays(CaseLifecycleFixture.ReopenDays) + TimeSpan.FromMinutes(1));
        using var agentMuchLater = await fixture.ClientAsync(Agent);
        using var followUpResponse = await PostAsync(agentMuchLater, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput("And now it smokes.", Channel.Letter));

        Assert.Equal(HttpStatusCode.Created, followUpResponse.StatusCode);
        var followUp = await ReadAsync<CaseDetails>(followUpResponse);
        Assert.Equal($"/api/v1/cases/{followUp.Id}", followUpResponse.Headers.Location!.AbsolutePath);
        Assert.NotEqual(opened.Id, followUp.Id);
        Assert.Equal((customer, "Coffee grinder jams", CaseStatus.New, Channel.Letter), (followUp.CustomerId, followUp.Subject, followUp.Status, followUp.Channel));
        Assert.Equal((CaseEntryKind.CustomerMessage, "And now it smokes."), (followUp.Thread[0].Kind, followUp.Thread[0].Body));
        Assert.Equal([(CaseRelation.FollowUpOf, opened.Id, opened.Number)], followUp.Links.Select(l => (l.Relation, l.CaseId, l.Number)));
        var old = await GetAsync(agentMuchLater, opened.Id);
        Assert.Equal((CaseStatus.Resolved, 1), (old.Status, old.ReopenCount));
        Assert.Equal([(CaseRelation.FollowedUpBy, followUp.Id, followUp.Number)], old.Links.Select(l => (l.Relation, l.CaseId, l.Number)));
        Assert.Equal($"The customer wrote again: follow-up {followUp.Number} opened.", old.Thread[^1].Body);
        Assert.DoesNotContain(old.Thread, e => e.Body == "And now it smokes.");
        Assert.NotEqual(resolved.Version, old.Version);

        // A closed case takes no message at all: the next one opens a follow-up at once.
        var closed = await ReadAsync<CaseDetails>(await PostAsync(agentMuchLater, $"/api/v1/cases/{followUp.Id}/status", new CaseStatusInput(CaseStatus.Resolved)));
        await ReadAsync<CaseDetails>(await PostAsync(agentMuchLater, $"/api/v1/cases/{closed.Id}/status", new CaseStatusInput(CaseStatus.Closed)));
        using var onClosed = await PostAsync(agentMuchLater, $"/api/v1/cases/{closed.Id}/messages", new CaseMessageInput("Hello?"));
        Assert.Equal(HttpStatusCode.Created, onClosed.StatusCode);
        Assert.Equal([CaseRelation.FollowUpOf], (await ReadAsync<CaseDetails>(onClosed)).Links.Select(l => l.Relation));
    }

    [Fact]
    public async Task Merging_closes_the_source_shows_its_thread_on_the_target_and_refuses_other_customers_the_same_case_and_closed_cases()
    {
        using var manager = await fixture.ClientAsync(Manager);
        var customer = await CustomerAsync("Castellanos");
        var stranger = await CustomerAsync("Dunleavy");
        var source = await OpenCaseAsync(manager, customer, "Where is my refund?");
        var target = await OpenCaseAsync(manager, customer, "Refund for order 17");
        var theirs = await OpenCaseAsync(manager, stranger, "Refund please");

        using var otherCustomer = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput(theirs.Number));
        var problem = await AssertFieldsAsync(otherCustomer, "target");
        Assert.Contains("cases of different customers", problem, StringComparison.Ordinal);
        using var itself = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput(source.Number));
        Assert.Contains("cannot be merged into itself", await AssertFieldsAsync(itself, "target"), StringComparison.Ordinal);
        using var unknown = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput("CS-999999"));
        Assert.Contains("No case CS-999999.", await AssertFieldsAsync(unknown, "target"), StringComparison.Ordinal);
        using var garbage = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput("refund"));
        await AssertFieldsAsync(garbage, "target");
        using var stale = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput(target.Number), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var merged = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput(target.Number.ToLowerInvariant()), source.Version);
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var shown = await ReadAsync<CaseDetails>(merged);

        Assert.Equal(target.Id, shown.Id);
        Assert.Equal([(CaseRelation.MergedFrom, source.Id)], shown.Links.Select(l => (l.Relation, l.CaseId)));
        var copied = Assert.Single(shown.Thread, e => e.Body == "Please help." && e.FromCaseNumber == source.Number);
        Assert.Equal(source.Thread[0].Id, copied.Id);
        Assert.Single(shown.Thread, e => e.Body == "Please help." && e.FromCaseNumber is null);
        Assert.Contains(shown.Thread, e => e.FromCaseNumber is null && e.Body == $"Merged from {source.Number}: its thread is shown here.");
        var closedSource = await GetAsync(manager, source.Id);
        Assert.Equal(CaseStatus.Closed, closedSource.Status);
        Assert.Equal([(CaseRelation.MergedInto, target.Id)], closedSource.Links.Select(l => (l.Relation, l.CaseId)));
        Assert.Equal($"Merged into {target.Number} (it was New); its thread is shown there.", closedSource.Thread[^1].Body);
        Assert.All(closedSource.Thread, e => Assert.Null(e.FromCaseNumber));
        // The target's SLA is its own: the merged case's request did not start or meet anything there.
        Assert.Equal(target.Sla.Targets.Select(t => (t.Target, t.DueAtUtc)), shown.Sla.Targets.Select(t => (t.Target, t.DueAtUtc)));

        using var intoClosed = await PostAsync(manager, $"/api/v1/cases/{target.Id}/merge", new CaseMergeInput(source.Number));
        Assert.Equal(HttpStatusCode.Conflict, intoClosed.StatusCode);
        Assert.Contains($"Case {source.Number} is closed: merge into a case that is still being worked.", await intoClosed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var fromClosed = await PostAsync(manager, $"/api/v1/cases/{source.Id}/merge", new CaseMergeInput(target.Number));
        Assert.Equal(HttpStatusCode.Conflict, fromClosed.StatusCode);
    }

    [Fact]
    public async Task A_customer_message_splits_off_into_a_new_routed_case_linked_both_ways_other_entries_and_closed_cases_refuse()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await CustomerAsync("Eriksdottir");
        var original = await OpenCaseAsync(agent, customer, "Sofa delivery late");
        var withMessage = await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{original.Id}/messages",
            new CaseMessageInput("By the way, the last invoice charged me twice.", Channel.Phone)));
        var message = withMessage.Thread.Single(e => e.Body.StartsWith("By the way", StringComparison.Ordinal));
        var opening = withMessage.Thread.Single(e => e.Kind == CaseEntryKind.SystemEvent && e.Body == "Opened on Email.");

        using var notAMessage = await PostAsync(agent, $"/api/v1/cases/{original.Id}/split", new CaseSplitInput(opening.Id, "Invoice"));
        Assert.Contains("Only a customer's message", await AssertFieldsAsync(notAMessage, "entryId"), StringComparison.Ordinal);
        var other = await OpenCaseAsync(agent, customer, "Another case");
        using var foreign = await PostAsync(agent, $"/api/v1/cases/{other.Id}/split", new CaseSplitInput(message.Id, "Invoice"));
        await AssertFieldsAsync(foreign, "entryId");
        using var noSubject = await PostAsync(agent, $"/api/v1/cases/{original.Id}/split", new CaseSplitInput(message.Id, " "));
        await AssertFieldsAsync(noSubject, "subject");

        using var response = await PostAsync(agent, $"/api/v1/cases/{original.Id}/split", new CaseSplitInput(message.Id, " Invoice charged twice "), withMessage.Version);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var split = await ReadAsync<CaseDetails>(response);

        Assert.Equal((customer, "Invoice charged twice", Channel.Phone, CaseStatus.New), (split.CustomerId, split.Subject, split.Channel, split.Status));
        Assert.Equal((CaseEntryKind.CustomerMessage, message.Body), (split.Thread[0].Kind, split.Thread[0].Body));
        Assert.Equal([(CaseRelation.SplitFrom, original.Id)], split.Links.Select(l => (l.Relation, l.CaseId)));
        Assert.NotEmpty(split.Sla.Targets);
        var after = await GetAsync(agent, original.Id);
        Assert.Equal([(CaseRelation.SplitInto, split.Id)], after.Links.Select(l => (l.Relation, l.CaseId)));
        Assert.Contains(after.Thread, e => e.Id == message.Id);
        Assert.StartsWith($"Split into {split.Number}", after.Thread[^1].Body, StringComparison.Ordinal);

        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{original.Id}/status", new CaseStatusInput(CaseStatus.Resolved)));
        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{original.Id}/status", new CaseStatusInput(CaseStatus.Closed)));
        using var onClosed = await PostAsync(agent, $"/api/v1/cases/{original.Id}/split", new CaseSplitInput(message.Id, "Again"));
        Assert.Equal(HttpStatusCode.Conflict, onClosed.StatusCode);
    }

    [Fact]
    public async Task A_split_case_no_rule_or_default_queue_takes_stays_in_the_queue_of_the_case_it_came_from()
    {
        using var manager = await fixture.ClientAsync(Manager);
        var queue = await ReadAsync<QueueDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = $"Billing {Guid.NewGuid():N}"[..20], Strategy = RoutingStrategy.Manual }, Json));
        var original = await ReadAsync<CaseDetails>(await OpenAsync(manager, new CaseInput
        {
            CustomerId = await CustomerAsync("Splitqueue"), Subject = "Invoice address", Description = "Please fix it.", QueueId = queue.Id,
        }));
        var withMessage = await ReadAsync<CaseDetails>(await PostAsync(manager, $"/api/v1/cases/{original.Id}/messages",
            new CaseMessageInput("Also, my password reset mail never came.", Channel.Email)));
        var message = withMessage.Thread.Single(e => e.Kind == CaseEntryKind.CustomerMessage && e.Body.StartsWith("Also", StringComparison.Ordinal));

        var split = await ReadAsync<CaseDetails>(await PostAsync(manager, $"/api/v1/cases/{original.Id}/split", new CaseSplitInput(message.Id, "Password reset mail")));

        Assert.Equal((queue.Id, queue.Name), (split.QueueId, split.QueueName));
    }

    [Fact]
    public async Task Only_agents_managers_and_admins_log_messages_merge_and_split_a_rep_gets_403_and_nobody_signed_in_401()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await CustomerAsync("Fitzgerald");
        var first = await OpenCaseAsync(agent, customer, "First");
        var second = await OpenCaseAsync(agent, customer, "Second");
        using var rep = await fixture.ClientAsync(Rep);
        using var admin = await fixture.ClientAsync("admin@ecrm.local");
        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        var calls = new (string Path, object Body)[]
        {
            ($"/api/v1/cases/{first.Id}/messages", new CaseMessageInput("Hi")),
            ($"/api/v1/cases/{first.Id}/split", new CaseSplitInput(first.Thread[0].Id, "Split")),
            ($"/api/v1/cases/{first.Id}/merge", new CaseMergeInput(second.Number)),
        };

        using var readable = await rep.GetAsync(new Uri($"/api/v1/cases/{first.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
        foreach (var (path, body) in calls)
        {
            using var refused = await PostAsync(rep, path, body);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"rep {path}: {(int)refused.StatusCode}");
            using var unknown = await PostAsync(anonymous, path, body);
            Assert.True(unknown.StatusCode == HttpStatusCode.Unauthorized, $"anonymous {path}: {(int)unknown.StatusCode}");
        }

        Assert.Equal(2, (await GetAsync(agent, first.Id)).Thread.Count);
        foreach (var (path, body) in calls)
        {
            using var done = await PostAsync(admin, path, body);
            Assert.True(done.IsSuccessStatusCode, $"admin {path}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_inbox_contract_puts_a_channels_message_on_the_senders_case_and_refuses_another_customers_case()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await CustomerAsync("Gallagher");
        var stranger = await CustomerAsync("Halvorsen");
        var opened = await OpenCaseAsync(agent, customer, "Lamp flickers");

        var results = await InboxAsync(async inbox => new[]
        {
            await inbox.ReceiveAsync(customer, opened.Number, "Subject: Re: [CS] still flickering", Channel.Email),
            await inbox.ReceiveAsync(stranger, opened.Number, "Not my case", Channel.Email),
            await inbox.ReceiveAsync(customer, "CS-999998", "Unknown", Channel.Email),
            await inbox.ReceiveAsync(customer, "no number", "Garbage", Channel.Web),
        });
        var (received, foreign, unknown, garbage) = (results[0], results[1], results[2], results[3]);

        Assert.Equal((CommandOutcome.Done, new CaseMessageReceipt(opened.Id, opened.Number, CaseMessageOutcome.Added)), (received.Outcome, received.Value!));
        Assert.Equal(CommandOutcome.Invalid, foreign.Outcome);
        Assert.Equal(("caseNumber", $"Customer {stranger} has no case {opened.Number}."), (foreign.Validation.Errors[0].Field, foreign.Validation.Errors[0].Message));
        Assert.Equal(("caseNumber", $"Customer {customer} has no case CS-999998."), (unknown.Validation.Errors[0].Field, unknown.Validation.Errors[0].Message));
        Assert.Equal(CommandOutcome.Invalid, garbage.Outcome);
        var after = await GetAsync(agent, opened.Id);
        Assert.Single(after.Thread, e => e.Kind == CaseEntryKind.CustomerMessage && e.Body.StartsWith("Subject: Re:", StringComparison.Ordinal));
        Assert.Equal("system:email-in", after.Thread.Last(e => e.Kind == CaseEntryKind.CustomerMessage).AuthorId);
        Assert.DoesNotContain(after.Thread, e => e.Body is "Not my case" or "Unknown");
    }

    private async Task<T> InboxAsync<T>(Func<ICaseInbox, Task<T>> use)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("system:email-in", CrmRoles.ServiceAgent);
        return await use(scope.ServiceProvider.GetRequiredService<ICaseInbox>());
    }

    /// <summary>A customer owned by the demo rep (who may read their cases and work none).</summary>
    private async Task<long> CustomerAsync(string lastName)
    {
        using var client = await fixture.ClientAsync(Manager);
        var repId = await fixture.Host.QueryAsync(db => db.Users.Where(u => u.Email == Rep).Select(u => u.Id).SingleAsync());
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = "Life", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"], OwnerId = repId,
        }, Json);
        return (await ReadAsync<CustomerDetails>(response)).Id;
    }

    private static async Task<CaseDetails> GetAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<CaseDetails>(new Uri($"/api/v1/cases/{id}", UriKind.Relative), Json))!;

    private static async Task<string> AssertFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().ToList();
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(p => p.Name).Order(StringComparer.Ordinal));
        return string.Join(" ", errors.SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString())));
    }
}
