using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline.AddStage;
using Crm.Sales.Features.Pipeline.EditStage;
using Crm.Sales.Features.Pipeline.ReorderStage;
using Crm.Sales.Features.Pipeline.SetStageActive;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>Stage configuration through the handlers in the real host (its own SQLite file): Managers only, and the rules that keep a pipeline usable.</summary>
public sealed class StageHandlersTests : IAsyncLifetime
{
    private readonly PipelineFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task A_rep_cannot_change_the_stages_and_nothing_changes()
    {
        var before = await StagesAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync<AddStageHandler>(CrmRoles.SalesRep, h => h.AddAsync(new PipelineStageInput("Demo", 40))));
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync<EditStageHandler>(CrmRoles.SalesRep, h => h.UpdateAsync(before[0].Id, new PipelineStageInput("Renamed", 5))));
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync<ReorderStageHandler>(CrmRoles.SalesRep, h => h.MoveAsync(before[0].Id, 1)));
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync<SetStageActiveHandler>(CrmRoles.SalesRep, h => h.SetActiveAsync(before[0].Id, false)));
        Assert.Equal(before, await StagesAsync());
    }

    [Fact]
    public async Task A_manager_adds_renames_reorders_and_deactivates_stages_within_the_rules()
    {
        var added = await RunAsync<AddStageHandler>(CrmRoles.Manager, h => h.AddAsync(new PipelineStageInput("Demo", 40)));
        Assert.True(added.Outcome == CommandOutcome.Created, added.Problem);
        var stages = await StagesAsync();
        var demo = stages.Single(s => s.Name == "Demo");
        Assert.Equal(demo.Id, added.Value);
        var firstClosed = stages.Where(s => s.Kind != StageKind.Open).Min(s => s.Position);
        Assert.True(demo.Position < firstClosed, "A new open stage goes before Won and Lost.");

        Assert.True((await RunAsync<EditStageHandler>(CrmRoles.Manager, h => h.UpdateAsync(demo.Id, new PipelineStageInput("Demo given", 45)))).Succeeded);
        var duplicate = await RunAsync<EditStageHandler>(CrmRoles.Manager, h => h.UpdateAsync(demo.Id, new PipelineStageInput("Proposal", 45)));
        Assert.Equal(CommandOutcome.Invalid, duplicate.Outcome);
        Assert.Equal("Name", Assert.Single(duplicate.Validation.Errors).Field);

        var beforeMove = (await StagesAsync()).Select(s => s.Id).ToList();
        Assert.Equal(CommandOutcome.Done, (await RunAsync<ReorderStageHandler>(CrmRoles.Manager, h => h.MoveAsync(demo.Id, -1))).Outcome);
        var afterMove = (await StagesAsync()).Select(s => s.Id).ToList();
        var index = beforeMove.IndexOf(demo.Id);
        Assert.Equal(demo.Id, afterMove[index - 1]);
        Assert.Equal(beforeMove[index - 1], afterMove[index]);
        Assert.Equal(CommandOutcome.Unchanged, (await RunAsync<ReorderStageHandler>(CrmRoles.Manager, h => h.MoveAsync(afterMove[0], -1))).Outcome);
        Assert.Equal(afterMove, (await StagesAsync()).Select(s => s.Id).ToList());

        var won = (await StagesAsync()).Where(s => s.Kind == StageKind.Won).ToList();
        var lastWon = await RunAsync<SetStageActiveHandler>(CrmRoles.Manager, h => h.SetActiveAsync(won.Single().Id, false));
        Assert.Equal(CommandOutcome.Conflict, lastWon.Outcome);
        Assert.Contains("at least one active Won stage", lastWon.Message, StringComparison.Ordinal);
        Assert.True((await StagesAsync()).Single(s => s.Id == won.Single().Id).IsActive);
        Assert.Equal(CommandOutcome.Done, (await RunAsync<SetStageActiveHandler>(CrmRoles.Manager, h => h.SetActiveAsync(demo.Id, false))).Outcome);
        Assert.False((await StagesAsync()).Single(s => s.Id == demo.Id).IsActive);
        Assert.Equal(CommandOutcome.Unchanged, (await RunAsync<SetStageActiveHandler>(CrmRoles.Manager, h => h.SetActiveAsync(demo.Id, false))).Outcome);
    }

    private async Task<CommandResult<int>> RunAsync<THandler>(string role, Func<THandler, Task<CommandResult<int>>> action)
        where THandler : notnull
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:" + role, role);
        return await action(scope.ServiceProvider.GetRequiredService<THandler>());
    }

    private async Task<List<Stage>> StagesAsync() =>
        [.. (await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync()))
            .Select(s => new Stage(s.Id, s.Name, s.Position, s.Probability, s.Kind, s.IsActive))];

    private sealed record Stage(int Id, string Name, int Position, int Probability, StageKind Kind, bool IsActive);
}
