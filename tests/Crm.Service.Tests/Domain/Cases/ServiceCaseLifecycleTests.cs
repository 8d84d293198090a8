using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Sla;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Cases;

/// <summary>A case's life after it opened, without a database: customer messages, the reopen window, follow-ups, merge and split.</summary>
public sealed class ServiceCaseLifecycleTests
{
    private static readonly DateTime Opened = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static ServiceCase NewCase(long id = 1, long customerId = 42)
    {
        var opened = ServiceCase.Open(customerId, "Parcel never arrived", "Where is my order?", Channel.Email, CasePriority.High, "agent-1", Opened);
        opened.Id = id;
        opened.Category = "Delivery";
        return opened;
    }

    [Theory]
    [InlineData(CaseStatus.New, CaseStatus.New)]
    [InlineData(CaseStatus.Open, CaseStatus.Open)]
    [InlineData(CaseStatus.PendingCustomer, CaseStatus.Open)]
    [InlineData(CaseStatus.PendingThirdParty, CaseStatus.PendingThirdParty)]
    public void A_message_on_a_case_being_worked_joins_the_thread_and_only_a_case_pending_the_customer_opens(CaseStatus from, CaseStatus expected)
    {
        var serviceCase = NewCase();
        if (from != CaseStatus.New)
        {
            serviceCase.ChangeStatus(from, "agent-1", Opened.AddMinutes(1));
        }

        Assert.Equal(CaseMessageOutcome.Added, serviceCase.OutcomeOfMessage(Opened.AddHours(1), Week));
        var entry = serviceCase.ReceiveMessage("I called about it again.", Channel.Phone, "agent-2", Opened.AddHours(1), Week);

        Assert.Equal((CaseEntryKind.CustomerMessage, "I called about it again.", (Channel?)Channel.Phone, "agent-2"), (entry.Kind, entry.Body, entry.Channel, entry.AuthorId));
        Assert.Equal(expected, serviceCase.Status);
        Assert.Equal(Opened.AddHours(1), serviceCase.LastActivityAtUtc);
        Assert.Equal(0, serviceCase.ReopenCount);
    }

    [Fact]
    public void A_message_within_the_window_reopens_a_resolved_case_once_counted_with_a_reopened_event()
    {
        var serviceCase = NewCase();
        serviceCase.Reply("Sent again.", "agent-1", Opened.AddMinutes(10));
        var resolvedAt = Opened.AddHours(2);
        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", resolvedAt);
        var lastMoment = resolvedAt + Week;

        Assert.Equal(CaseMessageOutcome.Reopened, serviceCase.OutcomeOfMessage(lastMoment, Week));
        serviceCase.ReceiveMessage("Still nothing.", Channel.Email, "agent-1", lastMoment, Week);

        Assert.Equal(CaseStatus.Open, serviceCase.Status);
        Assert.Null(serviceCase.ResolvedAtUtc);
        Assert.Equal(1, serviceCase.ReopenCount);
        var reopened = serviceCase.Thread[^1];
        Assert.Equal((CaseEntryKind.SystemEvent, (CaseStatus?)CaseStatus.Open), (reopened.Kind, reopened.Status));
        Assert.Equal("Reopened by the customer's message on Email, 7 days after it was resolved.", reopened.Body);
        Assert.Equal(CaseEntryKind.CustomerMessage, serviceCase.Thread[^2].Kind);
    }

    [Fact]
    public void Past_the_window_or_on_a_closed_case_the_message_needs_a_follow_up_and_the_case_refuses_it()
    {
        var resolved = NewCase();
        resolved.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddHours(2));
        var justAfter = Opened.AddHours(2) + Week + TimeSpan.FromSeconds(1);
        var closed = NewCase(id: 2);
        closed.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddHours(2));
        closed.ChangeStatus(CaseStatus.Closed, "agent-1", Opened.AddHours(3));

        Assert.Equal(CaseMessageOutcome.FollowUpOpened, resolved.OutcomeOfMessage(justAfter, Week));
        Assert.Equal(CaseMessageOutcome.FollowUpOpened, closed.OutcomeOfMessage(Opened.AddHours(4), Week));
        Assert.Equal(CaseMessageOutcome.Reopened, resolved.OutcomeOfMessage(justAfter, Week + TimeSpan.FromDays(1)));
        var refusal = Assert.Throws<ConflictException>(() => resolved.ReceiveMessage("Hello?", Channel.Email, "agent-1", justAfter, Week));
        Assert.Equal("Case CS-000001 is Resolved past its reopen window: the message belongs on a follow-up case.", refusal.Message);
        Assert.Throws<ConflictException>(() => closed.ReceiveMessage("Hello?", Channel.Email, "agent-1", Opened.AddHours(4), Week));
        Assert.Equal((CaseStatus.Resolved, 0), (resolved.Status, resolved.ReopenCount));
    }

    [Fact]
    public void A_follow_up_is_the_same_customers_request_with_the_message_first_and_a_link_to_the_old_case()
    {
        var old = NewCase(id: 123);
        old.OrderId = 77;
        old.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddHours(1));
        old.ChangeStatus(CaseStatus.Closed, "agent-1", Opened.AddHours(2));
        var at = Opened.AddDays(30);

        var followUp = ServiceCase.OpenFollowUp(old, "It broke again.", Channel.Letter, "agent-2", at);
        followUp.Id = 124;
        old.RecordFollowUp(followUp, "agent-2", at);

        Assert.Equal((42L, "Parcel never arrived", "Delivery", CasePriority.High, 77L), (followUp.CustomerId, followUp.Subject, followUp.Category!, followUp.Priority, followUp.OrderId!.Value));
        Assert.Equal((CaseStatus.New, at, Channel.Letter), (followUp.Status, followUp.OpenedAtUtc, followUp.Channel));
        Assert.Equal((CaseEntryKind.CustomerMessage, "It broke again."), (followUp.Thread[0].Kind, followUp.Thread[0].Body));
        Assert.Equal("Follow-up of CS-000123: the customer wrote after it was Closed.", followUp.Thread[^1].Body);
        var link = Assert.Single(followUp.Links);
        Assert.Equal((123L, CaseLinkKind.FollowUp), (link.LinkedCaseId, link.Kind));
        Assert.Equal("The customer wrote again: follow-up CS-000124 opened.", old.Thread[^1].Body);
        Assert.Equal(CaseStatus.Closed, old.Status);
    }

    [Fact]
    public void Merging_needs_another_case_of_the_same_customer_and_neither_closed()
    {
        var source = NewCase(id: 1);
        var self = source;
        var stranger = NewCase(id: 2, customerId: 99);
        var closedTarget = NewCase(id: 3);
        closedTarget.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddMinutes(1));
        closedTarget.ChangeStatus(CaseStatus.Closed, "agent-1", Opened.AddMinutes(2));

        Assert.Equal("A case cannot be merged into itself: choose another case of the customer than CS-000001.", source.MergeProblem(self));
        Assert.Equal("CS-000001 and CS-000002 are cases of different customers: only cases of the same customer merge.", source.MergeProblem(stranger));
        Assert.Null(source.MergeProblem(closedTarget));
        Assert.Equal("Case CS-000003 is closed: merge into a case that is still being worked.", source.MergeConflict(closedTarget));
        Assert.Equal("Case CS-000003 is closed: only a case still being worked can be merged into another.", closedTarget.MergeConflict(source));
        Assert.Throws<ConflictException>(() => source.MergeInto(stranger, "agent-1", Opened.AddHours(1)));
        Assert.Throws<ConflictException>(() => source.MergeInto(closedTarget, "agent-1", Opened.AddHours(1)));
        Assert.Equal(CaseStatus.New, source.Status);
        Assert.Empty(source.Links);
    }

    [Fact]
    public void A_merged_case_is_closed_with_a_link_and_both_threads_tell_it_and_its_own_entries_stay()
    {
        var source = NewCase(id: 10);
        source.ChangeStatus(CaseStatus.PendingCustomer, "agent-1", Opened.AddMinutes(5));
        var target = NewCase(id: 11);
        var entries = source.Thread.Count;
        var at = Opened.AddHours(1);

        source.MergeInto(target, "manager-1", at);

        Assert.Equal((CaseStatus.Closed, (DateTime?)at), (source.Status, source.ClosedAtUtc));
        Assert.Equal(entries + 1, source.Thread.Count);
        Assert.Equal(("Merged into CS-000011 (it was Pending customer); its thread is shown there.", (CaseStatus?)CaseStatus.Closed),
            (source.Thread[^1].Body, source.Thread[^1].Status));
        Assert.Equal("Merged from CS-000010: its thread is shown here.", target.Thread[^1].Body);
        Assert.Equal(CaseStatus.New, target.Status);
        var link = Assert.Single(source.Links);
        Assert.Equal((11L, CaseLinkKind.Merge, at), (link.LinkedCaseId, link.Kind, link.AtUtc));
        Assert.Equal(CaseRelation.MergedInto, CaseLink.Relation(CaseLinkKind.Merge, outgoing: true));
        Assert.Equal(CaseRelation.MergedFrom, CaseLink.Relation(CaseLinkKind.Merge, outgoing: false));
        Assert.NotNull(source.EditRefusal);
    }

    [Fact]
    public void Splitting_copies_a_customer_message_into_a_new_linked_case_and_refuses_other_entries_and_closed_cases()
    {
        var original = NewCase(id: 5);
        var note = original.Note("Ask the warehouse", "agent-1", Opened.AddMinutes(1));
        var message = original.ReceiveMessage("Also, my invoice is wrong.", Channel.Phone, "agent-1", Opened.AddMinutes(2), Week);
        var at = Opened.AddMinutes(3);

        Assert.Equal("Only a customer's message can be split off into a new case.", original.SplitProblem(note, note.Id));
        Assert.Equal("Case CS-000005 has no entry 99.", original.SplitProblem(null, 99));
        var split = original.SplitOff(message, "Wrong invoice", "agent-1", at);
        split.Id = 6;
        original.RecordSplit(split, message, "agent-1", at);

        Assert.Equal((42L, "Wrong invoice", Channel.Phone, CaseStatus.New), (split.CustomerId, split.Subject, split.Channel, split.Status));
        Assert.Equal((CaseEntryKind.CustomerMessage, "Also, my invoice is wrong."), (split.Thread[0].Kind, split.Thread[0].Body));
        Assert.Equal("Split from CS-000005: the customer's message of 2026-12-07 09:02 UTC.", split.Thread[^1].Body);
        Assert.Equal((5L, CaseLinkKind.Split), (split.Links[0].LinkedCaseId, split.Links[0].Kind));
        Assert.Equal("Split into CS-000006: the customer's message of 2026-12-07 09:02 UTC goes on there.", original.Thread[^1].Body);
        Assert.Contains(message, original.Thread);

        original.ChangeStatus(CaseStatus.Resolved, "agent-1", at.AddMinutes(1));
        original.ChangeStatus(CaseStatus.Closed, "agent-1", at.AddMinutes(2));
        Assert.Throws<ConflictException>(() => original.SplitOff(message, "Again", "agent-1", at.AddMinutes(3)));
    }

    [Fact]
    public void Reopening_by_hand_counts_too()
    {
        var serviceCase = NewCase();
        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddMinutes(1));
        serviceCase.ChangeStatus(CaseStatus.Open, "agent-1", Opened.AddMinutes(2));
        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddMinutes(3));
        serviceCase.ReceiveMessage("One more thing.", Channel.Email, "agent-1", Opened.AddMinutes(4), Week);

        Assert.Equal(2, serviceCase.ReopenCount);
    }

    [Fact]
    public void A_reopening_message_gives_the_clock_a_next_response_cycle_and_resumes_the_resolution_from_the_thread()
    {
        // Mon 2026-03-09 09:00 Berlin; reply 09:30; resolved 15:00; the customer writes Wed 10:00 and the case reopens.
        var serviceCase = ServiceCase.Open(42, "Broken lid", "The lid cracked.", Channel.Email, CasePriority.Normal, "agent-1", Utc("2026-03-09T08:00Z"));
        serviceCase.Reply("Replacement sent.", "agent-1", Utc("2026-03-09T08:30Z"));
        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", Utc("2026-03-09T14:00Z"));
        serviceCase.ReceiveMessage("The new one cracked too.", Channel.Email, "agent-1", Utc("2026-03-11T09:00Z"), Week);
        var history = ServiceCase.SlaHistory(serviceCase.OpenedAtUtc, serviceCase.Thread.Select(e => (e.AtUtc, e.Kind, e.Status)));

        var report = SlaClock.Evaluate(new SlaPolicy("Standard", BerlinOffice(), new SlaTargets(60, 120, 960)), history, Utc("2026-03-11T10:00Z"));

        Assert.Equal(Utc("2026-03-11T09:00Z"), report.NextResponse!.StartedAtUtc);
        Assert.Equal(Utc("2026-03-11T11:00Z"), report.NextResponse.DueAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(420), report.Resolution!.Used);
        Assert.Equal(SlaState.Running, report.Resolution.State);
    }
}
