using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;

namespace Crm.Service.Tests.Domain.Cases;

/// <summary>The case's rules without a database: transitions, what a reply and a note do, closed cases, numbers.</summary>
public sealed class ServiceCaseRulesTests
{
    private static readonly DateTime Opened = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    private static ServiceCase NewCase() =>
        ServiceCase.Open(42, "Parcel never arrived", "Where is my order?", Channel.Email, CasePriority.Normal, "agent-1", Opened);

    [Fact]
    public void A_new_case_holds_the_request_and_an_opening_event_and_no_response_yet()
    {
        var opened = NewCase();

        Assert.Equal(CaseStatus.New, opened.Status);
        Assert.Null(opened.FirstRespondedAtUtc);
        Assert.Equal(Opened, opened.OpenedAtUtc);
        Assert.Collection(opened.Thread,
            e => Assert.Equal((CaseEntryKind.CustomerMessage, "Where is my order?", (Channel?)Channel.Email), (e.Kind, e.Body, e.Channel)),
            e => Assert.Equal((CaseEntryKind.SystemEvent, "Opened on Email."), (e.Kind, e.Body)));
    }

    [Fact]
    public void The_first_public_reply_is_the_first_response_and_opens_a_new_case_later_replies_keep_it()
    {
        var serviceCase = NewCase();
        serviceCase.Note("Checked the carrier", "agent-1", Opened.AddMinutes(5));
        Assert.Null(serviceCase.FirstRespondedAtUtc);
        Assert.Equal(CaseStatus.New, serviceCase.Status);

        serviceCase.Reply("It is on its way.", "agent-1", Opened.AddMinutes(10));
        serviceCase.Reply("It arrives tomorrow.", "agent-2", Opened.AddMinutes(30));

        Assert.Equal(Opened.AddMinutes(10), serviceCase.FirstRespondedAtUtc);
        Assert.Equal(CaseStatus.Open, serviceCase.Status);
        Assert.Equal(Opened.AddMinutes(30), serviceCase.LastActivityAtUtc);
        Assert.Equal(2, serviceCase.Thread.Count(e => e.Kind == CaseEntryKind.PublicReply));
        Assert.All(serviceCase.Thread.Where(e => e.Kind == CaseEntryKind.PublicReply), e => Assert.Equal(Channel.Email, e.Channel));
    }

    [Theory]
    [InlineData(CaseStatus.New, CaseStatus.Closed)]
    [InlineData(CaseStatus.Open, CaseStatus.New)]
    [InlineData(CaseStatus.Open, CaseStatus.Closed)]
    [InlineData(CaseStatus.PendingCustomer, CaseStatus.Closed)]
    [InlineData(CaseStatus.Resolved, CaseStatus.PendingCustomer)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open)]
    public void A_transition_off_the_map_is_refused_naming_the_allowed_ones(CaseStatus from, CaseStatus to)
    {
        var serviceCase = CaseIn(from);
        var version = serviceCase.Thread.Count;

        var refusal = Assert.Throws<ConflictException>(() => serviceCase.ChangeStatus(to, "agent-1", Opened.AddHours(2)));

        Assert.StartsWith($"A case that is {CaseStatusNames.Of(from)} cannot become {CaseStatusNames.Of(to)}; it can become ", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pending", refusal.Message.Replace("Pending customer", "", StringComparison.Ordinal).Replace("Pending third party", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(from, serviceCase.Status);
        Assert.Equal(version, serviceCase.Thread.Count);
    }

    [Fact]
    public void Resolving_stamps_the_time_closing_keeps_it_and_reopening_clears_it()
    {
        var serviceCase = NewCase();
        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddHours(1));
        Assert.Equal(Opened.AddHours(1), serviceCase.ResolvedAtUtc);

        serviceCase.ChangeStatus(CaseStatus.Open, "agent-1", Opened.AddHours(2));
        Assert.Null(serviceCase.ResolvedAtUtc);

        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent-1", Opened.AddHours(3));
        serviceCase.ChangeStatus(CaseStatus.Closed, "agent-1", Opened.AddHours(4));
        Assert.Equal((Opened.AddHours(3), (DateTime?)Opened.AddHours(4)), (serviceCase.ResolvedAtUtc!.Value, serviceCase.ClosedAtUtc));
        Assert.Equal(
            ["Status changed from New to Resolved.", "Status changed from Resolved to Open.", "Status changed from Open to Resolved.", "Status changed from Resolved to Closed."],
            serviceCase.Thread.Where(e => e.Kind == CaseEntryKind.SystemEvent).Skip(1).Select(e => e.Body));
    }

    [Fact]
    public void The_same_status_again_changes_nothing()
    {
        var serviceCase = CaseIn(CaseStatus.PendingCustomer);
        var entries = serviceCase.Thread.Count;

        Assert.False(serviceCase.ChangeStatus(CaseStatus.PendingCustomer, "agent-1", Opened.AddHours(5)));
        Assert.Equal(entries, serviceCase.Thread.Count);
    }

    [Fact]
    public void A_closed_case_takes_no_reply_note_or_assignment()
    {
        var serviceCase = CaseIn(CaseStatus.Closed);

        Assert.Throws<ConflictException>(() => serviceCase.Reply("Hello", "agent-1", Opened.AddDays(1)));
        Assert.Throws<ConflictException>(() => serviceCase.Note("Hello", "agent-1", Opened.AddDays(1)));
        var refusal = Assert.Throws<ConflictException>(() => serviceCase.AssignTo("agent-2", "Bea", "agent-1", Opened.AddDays(1)));
        Assert.Equal($"Case {serviceCase.Number} is closed. Open a new case for the customer; it can name this one.", refusal.Message);
        Assert.Null(serviceCase.OwnerId);
    }

    [Fact]
    public void Assignment_is_recorded_once_per_change()
    {
        var serviceCase = NewCase();

        Assert.True(serviceCase.AssignTo("agent-2", "Bea Agent", "manager-1", Opened.AddMinutes(1)));
        Assert.False(serviceCase.AssignTo("agent-2", "Bea Agent", "manager-1", Opened.AddMinutes(2)));
        Assert.True(serviceCase.AssignTo(null, null, "manager-1", Opened.AddMinutes(3)));

        Assert.Equal(["Assigned to Bea Agent.", "Unassigned."],
            serviceCase.Thread.Where(e => e.Kind == CaseEntryKind.SystemEvent).Skip(1).Select(e => e.Body));
    }

    [Theory]
    [InlineData(123L, "CS-000123")]
    [InlineData(1_234_567L, "CS-1234567")]
    public void The_number_is_the_id_with_six_digits_at_least(long id, string number) =>
        Assert.Equal(number, ServiceCase.NumberOf(id));

    [Theory]
    [InlineData("CS-000123", 123L)]
    [InlineData(" cs-123 ", 123L)]
    [InlineData("123", 123L)]
    [InlineData("CS-", null)]
    [InlineData("CS-12a", null)]
    [InlineData("-5", null)]
    [InlineData("0", null)]
    [InlineData("parcel", null)]
    public void A_number_is_read_with_or_without_its_prefix(string text, long? id) =>
        Assert.Equal(id, ServiceCase.IdOf(text));

    private static ServiceCase CaseIn(CaseStatus status)
    {
        var serviceCase = NewCase();
        var at = Opened;
        CaseStatus[] path = status switch
        {
            CaseStatus.New => [],
            CaseStatus.Closed => [CaseStatus.Resolved, CaseStatus.Closed],
            _ => [status],
        };
        foreach (var step in path)
        {
            at = at.AddMinutes(1);
            serviceCase.ChangeStatus(step, "agent-1", at);
        }

        Assert.Equal(status, serviceCase.Status);
        return serviceCase;
    }
}
