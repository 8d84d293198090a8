using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Features.Leads;

/// <summary>The lead's own rules, without a database: qualifying, disqualifying, assigning and what may be converted.</summary>
public sealed class LeadRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Qualifying_clears_the_disqualify_reason_and_qualifying_again_changes_nothing()
    {
        var lead = new Lead { Status = LeadStatus.Disqualified, DisqualifyReason = "No budget" };

        Assert.True(lead.Qualify());

        Assert.Equal(LeadStatus.Qualified, lead.Status);
        Assert.Null(lead.DisqualifyReason);
        Assert.False(lead.Qualify());
        Assert.Equal(LeadStatus.Qualified, lead.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Disqualifying_needs_a_reason_and_a_refused_reason_changes_nothing(string? reason)
    {
        var lead = new Lead { Status = LeadStatus.New };

        var result = lead.Disqualify(reason);

        Assert.False(result.Succeeded);
        Assert.Equal(nameof(DisqualifyLeadInput.Reason), Assert.Single(result.Errors).Field);
        Assert.Equal(LeadStatus.New, lead.Status);
        Assert.Null(lead.DisqualifyReason);
    }

    [Fact]
    public void A_disqualify_reason_is_trimmed_and_may_have_at_most_500_characters()
    {
        var lead = new Lead { Status = LeadStatus.Qualified };
        Assert.Contains("500", Assert.Single(lead.Disqualify(new string('x', 501)).Errors).Message, StringComparison.Ordinal);
        Assert.Equal(LeadStatus.Qualified, lead.Status);

        Assert.True(lead.Disqualify("  " + new string('x', 500) + "  ").Succeeded);

        Assert.Equal(LeadStatus.Disqualified, lead.Status);
        Assert.Equal(500, lead.DisqualifyReason!.Length);
    }

    [Fact]
    public void Assigning_sets_the_owner_and_when_they_got_the_lead()
    {
        var lead = new Lead { Status = LeadStatus.New, OwnerId = "rep-1", AssignedAtUtc = Now.AddDays(-3) };
        Assert.Null(lead.AssignRefusal);

        lead.AssignTo("rep-2", Now);

        Assert.Equal(("rep-2", (DateTime?)Now), (lead.OwnerId, lead.AssignedAtUtc));
    }

    [Fact]
    public void A_disqualified_lead_must_be_qualified_again_before_it_is_converted()
    {
        var lead = new Lead { Status = LeadStatus.Disqualified };
        Assert.Equal("Qualify the lead again before converting it.", lead.ConvertRefusal);
        Assert.Throws<ConflictException>(() => lead.MarkConverted(7, Now));

        lead.Qualify();
        Assert.Null(lead.ConvertRefusal);
        lead.MarkConverted(7, Now);

        Assert.Equal((LeadStatus.Converted, (long?)7, (DateTime?)Now), (lead.Status, lead.ConvertedCustomerId, lead.ConvertedAtUtc));
    }

    [Fact]
    public void A_converted_lead_can_no_longer_be_qualified_disqualified_assigned_or_converted()
    {
        var lead = new Lead { Status = LeadStatus.New, OwnerId = "rep-1" };
        lead.MarkConverted(7, Now);

        Assert.Equal("This lead has already been converted.", lead.EditRefusal);
        Assert.Equal(lead.EditRefusal, Assert.Throws<ConflictException>(() => lead.Qualify()).Message);
        Assert.Equal(lead.EditRefusal, Assert.Throws<ConflictException>(() => lead.Disqualify("Too late")).Message);
        Assert.Equal(lead.EditRefusal, Assert.Throws<ConflictException>(() => lead.MarkConverted(8, Now)).Message);
        Assert.Contains("owner of its own", Assert.Throws<ConflictException>(() => lead.AssignTo("rep-2", Now)).Message, StringComparison.Ordinal);
        Assert.Equal(("rep-1", LeadStatus.Converted, (long?)7), (lead.OwnerId, lead.Status, lead.ConvertedCustomerId));
    }
}
