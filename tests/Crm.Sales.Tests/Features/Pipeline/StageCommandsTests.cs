using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>Stage configuration through the handler in the real host (its own SQLite file): Managers only, and the rules that keep a pipeline usable.</summary>
public sealed class StageCommandsTests : IAsyncLifetime
{
    private readonly PipelineFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task A_rep_cannot_change_the_stages_and_nothing_changes()
    {
        var before = await StagesAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync(CrmRoles.SalesRep, async c => (await c.AddAsync(new PipelineStageInput("Demo", 40))).Validation));
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync(CrmRoles.SalesRep, c => c.UpdateAsync(before[0].Id, new PipelineStageInput("Renamed", 5))));
        await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync(CrmRoles.SalesRep, async c => { await c.MoveAsync(before[0].Id, 1); return OperationResult.Success; }));
        Assert.Equal(before, await StagesAsync());
    }

    [Fact]
    public async Task A_manager_adds_renames_reorders_and_deactivates_stages_within_the_rules()
    {
        var added = await RunAsync(CrmRoles.Manager, async c => (await c.AddAsync(new PipelineStageInput("Demo", 40))).Validation);
        Assert.True(added.Succeeded, added.ToString());
        var stages = await StagesAsync();
        var demo = stages.Single(s => s.Name == "Demo");
        var firstClosed = stages.Where(s => s.Kind != StageKind.Open).Min(s => s.Position);
        Assert.True(demo.Position < firstClosed, "A new open stage goes before Won and Lost.");

        Assert.True((await RunAsync(CrmRoles.Manager, c => c.UpdateAsync(demo.Id, new PipelineStageInput("Demo given", 45)))).Succeeded);
        var duplicate = await RunAsync(CrmRoles.Manager, c => c.UpdateAsync(demo.Id, new PipelineStageInput("Proposal", 45)));
        Assert.Equal("Name", Assert.Single(duplicate.Errors).Field);

        var beforeMove = (await StagesAsync()).Select(s => s.Id).ToList();
        await RunAsync(CrmRoles.Manager, async c => { await c.MoveAsync(demo.Id, -1); return OperationResult.Success; });
        var afterMove = (await StagesAsync()).Select(s => s.Id).ToList();
        var index = beforeMove.IndexOf(demo.Id);
        Assert.Equal(demo.Id, afterMove[index - 1]);
        Assert.Equal(beforeMove[index - 1], afterMove[index]);

        var won = (await StagesAsync()).Where(s => s.Kind == StageKind.Won).ToList();
        var lastWon = await RunAsync(CrmRoles.Manager, c => c.SetActiveAsync(won.Single().Id, false));
        Assert.False(lastWon.Succeeded);
        Assert.True((await RunAsync(CrmRoles.Manager, c => c.SetActiveAsync(demo.Id, false))).Succeeded);
        Assert.False((await StagesAsync()).Single(s => s.Id == demo.Id).IsActive);
    }

    private async Task<OperationResult> RunAsync(string role, Func<StageCommands, Task<OperationResult>> action)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:" + role, role);
        return await action(scope.ServiceProvider.GetRequiredService<StageCommands>());
    }

    private async Task<List<Stage>> StagesAsync() =>
        [.. (await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync()))
            .Select(s => new Stage(s.Id, s.Name, s.Position, s.Probability, s.Kind, s.IsActive))];

    private sealed record Stage(int Id, string Name, int Position, int Probability, StageKind Kind, bool IsActive);
}
