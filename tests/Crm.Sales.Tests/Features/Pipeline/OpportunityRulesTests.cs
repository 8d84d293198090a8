using Crm.Sales.Contracts;
using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>The opportunity's and the stage's own rules, without a database: closing needs a reason, reopening, probabilities, amounts.</summary>
public sealed class OpportunityRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc);
    private static readonly PipelineStage Prospecting = new() { Id = 1, Name = "Prospecting", Probability = 10, Kind = StageKind.Open };
    private static readonly PipelineStage Proposal = new() { Id = 2, Name = "Proposal", Probability = 60, Kind = StageKind.Open };
    private static readonly PipelineStage Won = new() { Id = 3, Name = "Won", Probability = 100, Kind = StageKind.Won };
    private static readonly PipelineStage Lost = new() { Id = 4, Name = "Lost", Probability = 0, Kind = StageKind.Lost };
    private static readonly PipelineStage Retired = new() { Id = 5, Name = "Retired", Probability = 30, Kind = StageKind.Open, IsActive = false };

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_move_to_won_or_lost_needs_a_reason_and_a_refused_move_changes_nothing(string? reason)
    {
        var opportunity = Open(amount: 1000m);

        var won = opportunity.MoveTo(Won, reason, Now, out var moved);
        var lost = opportunity.MoveTo(Lost, reason, Now, out _);

        Assert.False(moved);
        Assert.Equal((nameof(MoveStageInput.Reason), "Say why the opportunity was won."), (Assert.Single(won.Errors).Field, won.Errors[0].Message));
        Assert.Equal("Say why the opportunity was lost.", Assert.Single(lost.Errors).Message);
        Assert.Equal((Prospecting.Id, 10, 100m, (DateTime?)null), (opportunity.StageId, opportunity.Probability, opportunity.WeightedAmount, opportunity.ClosedAtUtc));
    }

    [Fact]
    public void Winning_closes_with_the_reason_at_100_percent_and_losing_afterwards_keeps_the_first_close_time()
    {
        var opportunity = Open(amount: 1000m);

        Assert.True(opportunity.MoveTo(Won, "  Best price  ", Now, out var moved).Succeeded);

        Assert.True(moved);
        Assert.Equal((Won.Id, 100, 1000m, "Best price", (DateTime?)Now), (opportunity.StageId, opportunity.Probability, opportunity.WeightedAmount, opportunity.CloseReason, opportunity.ClosedAtUtc));
        Assert.True(opportunity.IsClosed);

        Assert.True(opportunity.MoveTo(Lost, "Customer withdrew", Now.AddDays(2), out _).Succeeded);

        Assert.Equal((0, 0m, "Customer withdrew", (DateTime?)Now), (opportunity.Probability, opportunity.WeightedAmount, opportunity.CloseReason, opportunity.ClosedAtUtc));
    }

    [Fact]
    public void Moving_back_to_an_open_stage_reopens_it_with_the_stage_probability()
    {
        var opportunity = Open(amount: 1000m);
        opportunity.MoveTo(Lost, "No budget", Now, out _);

        Assert.True(opportunity.MoveTo(Proposal, null, Now.AddDays(1), out var moved).Succeeded);

        Assert.True(moved);
        Assert.False(opportunity.IsClosed);
        Assert.Equal((Proposal.Id, 60, 600m, (string?)null), (opportunity.StageId, opportunity.Probability, opportunity.WeightedAmount, opportunity.CloseReason));
    }

    [Fact]
    public void Moving_to_the_stage_it_is_in_changes_nothing_and_asks_no_reason()
    {
        var opportunity = Open(amount: 1000m);
        opportunity.MoveTo(Won, "Signed", Now, out _);

        Assert.True(opportunity.MoveTo(Won, null, Now.AddDays(1), out var moved).Succeeded);

        Assert.False(moved);
        Assert.Equal(("Signed", (DateTime?)Now), (opportunity.CloseReason, opportunity.ClosedAtUtc));
    }

    [Fact]
    public void An_inactive_stage_holds_only_what_is_in_it_already()
    {
        var opportunity = Open(amount: 1000m);

        var refused = opportunity.MoveTo(Retired, null, Now, out _);

        Assert.Equal(nameof(MoveStageInput.StageId), Assert.Single(refused.Errors).Field);
        Assert.Equal(Prospecting.Id, opportunity.StageId);
        Assert.False(opportunity.CanEnter(Retired));
        Assert.True(new Opportunity { StageId = Retired.Id }.CanEnter(Retired));
    }

    [Fact]
    public void A_close_reason_may_have_at_most_500_characters()
    {
        Assert.Contains("500", Opportunity.CloseReasonRefusal(StageKind.Won, new string('x', 501)), StringComparison.Ordinal);
        Assert.Null(Opportunity.CloseReasonRefusal(StageKind.Lost, "  " + new string('x', 500) + "  "));
        Assert.Null(Opportunity.CloseReasonRefusal(StageKind.Open, null));

        var opportunity = Open(amount: 10m);
        Assert.False(opportunity.MoveTo(Lost, new string('x', 501), Now, out _).Succeeded);
        Assert.False(opportunity.IsClosed);
    }

    [Fact]
    public void Saving_in_an_open_stage_takes_the_probability_given_else_the_stage_default()
    {
        var opportunity = Open(amount: 1000m);

        opportunity.PutIn(Proposal, 75, null, Now);
        Assert.Equal((75, 750m), (opportunity.Probability, opportunity.WeightedAmount));

        opportunity.PutIn(Proposal, null, null, Now);
        Assert.Equal((60, 600m), (opportunity.Probability, opportunity.WeightedAmount));

        opportunity.PutIn(Won, 20, "Signed", Now);
        Assert.Equal((100, 1000m, "Signed"), (opportunity.Probability, opportunity.WeightedAmount, opportunity.CloseReason));
    }

    [Fact]
    public void Saving_in_a_closed_stage_without_a_reason_is_the_caller_s_bug()
    {
        var opportunity = Open(amount: 1000m);

        Assert.Throws<InvalidOperationException>(() => opportunity.PutIn(Won, null, null, Now));
        Assert.Throws<InvalidOperationException>(() => opportunity.PutIn(Retired, null, null, Now));
        Assert.Equal(Prospecting.Id, opportunity.StageId);
    }

    [Fact]
    public void The_amount_is_the_one_given_else_the_sum_of_the_product_lines_and_the_weighted_amount_follows()
    {
        var opportunity = Open(amount: 0m);
        OpportunityProduct[] lines = [new() { ProductId = 1, Quantity = 3, UnitPrice = 33.3333m }, new() { ProductId = 2, Quantity = 0.5m, UnitPrice = 10m }];

        opportunity.SetProducts(lines, null);
        Assert.Equal((104.9999m, 10.5m), (opportunity.Amount, opportunity.WeightedAmount));
        Assert.Equal(2, opportunity.Products.Count);

        opportunity.SetProducts([], 2500m);
        Assert.Empty(opportunity.Products);
        Assert.Equal((2500m, 250m), (opportunity.Amount, opportunity.WeightedAmount));
    }

    [Fact]
    public void A_stage_s_probability_follows_its_kind_and_a_rename_keeps_the_kind()
    {
        var won = new PipelineStage { Kind = StageKind.Won };
        won.Rename("  Signed  ", 40);
        Assert.Equal(("Signed", 100), (won.Name, won.Probability));

        var open = new PipelineStage { Kind = StageKind.Open };
        open.Rename("Demo", 40);
        Assert.Equal(40, open.Probability);
        Assert.Equal(0, PipelineStage.ProbabilityOf(StageKind.Lost, 40));
    }

    [Fact]
    public void The_pipeline_keeps_an_active_stage_of_every_kind_and_an_open_stage_is_emptied_before_it_goes()
    {
        Assert.Equal("The pipeline needs at least one active Won stage.", Won.DeactivateRefusal(otherActiveOfKind: 0, opportunitiesIn: 0));
        Assert.Equal("The pipeline needs at least one active open stage.", Proposal.DeactivateRefusal(0, 0));
        Assert.Equal("Move the 3 opportunities in Proposal to another stage first.", Proposal.DeactivateRefusal(1, 3));
        Assert.Null(Proposal.DeactivateRefusal(1, 0));
        Assert.Null(Won.DeactivateRefusal(1, 12)); // closed stages keep the opportunities closed in them
    }

    private static Opportunity Open(decimal amount)
    {
        var opportunity = new Opportunity { Id = 7 };
        opportunity.SetProducts([], amount);
        opportunity.PutIn(Prospecting, null, null, Now);
        return opportunity;
    }
}
