using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.AddStage;

/// <summary>Adds a stage to the pipeline (Managers and Admins): an open one before Won and Lost, a closed one at the end.</summary>
internal sealed class AddStageHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<int>> AddAsync(PipelineStageInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await StageStore.ValidateAsync(db, input, null, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<int>(problems);
        }

        var position = (await db.Set<PipelineStage>().MaxAsync(s => (int?)s.Position, cancellationToken) ?? 0) + 1;
        // Open stages go before the first closed stage, so Won and Lost stay at the end of the board.
        if (input.Kind == StageKind.Open)
        {
            var open = StageKind.Open;
            var firstClosed = await db.Set<PipelineStage>().Where(s => s.Kind != open).MinAsync(s => (int?)s.Position, cancellationToken);
            if (firstClosed is { } before)
            {
                await db.Set<PipelineStage>().Where(s => s.Position >= before)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Position, s => s.Position + 1), cancellationToken);
                position = before;
            }
        }

        var stage = new PipelineStage { Kind = input.Kind, Position = position, IsActive = true };
        stage.Rename(input.Name, input.Probability);
        db.Add(stage);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Created(stage.Id);
    }
}
