using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel;

namespace Crm.Contacts.Tests.Domain;

/// <summary>The interaction's own rules, without a database: what a logged contact records, who may correct it, and how.</summary>
public sealed class InteractionRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void A_logged_contact_is_handled_by_the_person_who_logs_it_at_the_time_given_or_now_with_blank_texts_left_out()
    {
        var input = new InteractionInput
        {
            Channel = Channel.Email, Direction = InteractionDirection.Inbound, Type = InteractionType.Email, Subject = "  Asked for a quote ",
            Notes = "   ", Outcome = " Quote sent ", DurationSeconds = 120, OrderId = "", CaseId = " C-7 ",
        };

        var now = Interaction.Log(42, input, Now, "rep-1");
        var earlier = Interaction.Log(42, input with { OccurredAtUtc = Now.AddDays(-1) }, Now, "rep-1");

        Assert.Equal((42L, "rep-1", Now, Channel.Email, InteractionDirection.Inbound, InteractionType.Email, 120),
            (now.CustomerId, now.HandledBy, now.OccurredAtUtc, now.Channel, now.Direction, now.Type, now.DurationSeconds));
        Assert.Equal(("Asked for a quote", (string?)null, "Quote sent", (string?)null, "C-7"), (now.Subject, now.Notes, now.Outcome, now.OrderId, now.CaseId));
        Assert.Equal(Now.AddDays(-1), earlier.OccurredAtUtc);
    }

    [Fact]
    public void A_reported_contact_is_handled_by_whom_it_names_or_else_by_the_caller()
    {
        var entry = new InteractionEntry(7, Channel.Web, InteractionDirection.Inbound, InteractionType.Order, Now, "Order placed", OrderId: "SO-1");

        Assert.Equal("integration-shop", Interaction.From(entry, "integration-shop").HandledBy);
        var named = Interaction.From(entry with { HandledBy = "rep-2" }, "integration-shop");
        Assert.Equal(("rep-2", 7L, "Order placed", "SO-1"), (named.HandledBy, named.CustomerId, named.Subject, named.OrderId));
    }

    [Fact]
    public void Only_the_person_who_logged_an_interaction_a_Manager_or_an_Admin_may_correct_it()
    {
        var interaction = Interaction.Log(42, new InteractionInput { Subject = "Call" }, Now, "rep-1");
        interaction.StampCreated(Now, "rep-1");

        Assert.Null(interaction.CorrectRefusal("rep-1", isManagerOrAdmin: false));
        Assert.Null(interaction.CorrectRefusal("manager-1", isManagerOrAdmin: true));
        Assert.Contains("Only the person who logged", interaction.CorrectRefusal("rep-2", isManagerOrAdmin: false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_without_a_time_keeps_the_recorded_time_and_who_handled_it()
    {
        var interaction = Interaction.Log(42, new InteractionInput { Subject = "Typo", Notes = "first", OccurredAtUtc = Now.AddHours(-2) }, Now, "rep-1");

        interaction.Correct(new InteractionInput { Subject = " Fixed ", Type = InteractionType.Meeting, Channel = Channel.FaceToFace, Notes = " " });

        Assert.Equal((Now.AddHours(-2), "rep-1", "Fixed", (string?)null, InteractionType.Meeting, Channel.FaceToFace),
            (interaction.OccurredAtUtc, interaction.HandledBy, interaction.Subject, interaction.Notes, interaction.Type, interaction.Channel));

        interaction.Correct(new InteractionInput { Subject = "Moved", OccurredAtUtc = Now.AddHours(-1) });
        Assert.Equal(Now.AddHours(-1), interaction.OccurredAtUtc);
    }
}
