using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.ReorderStage;

/// <summary>Moves a stage one place left or right on the board (Managers and Admins).</summary>
internal sealed class ReorderStageHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    /// <summary>Moves the stage one place left (-1) or right (+1): Done, or Unchanged at either end of the board.</summary>
    public async Task<CommandResult<int>> MoveAsync(int id, int direction, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stages = await db.Set<PipelineStage>().OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var index = stages.FindIndex(s => s.Id == id);
        if (index < 0)
        {
            throw new NotFoundException($"No stage with id {id}.");
        }

        var other = index + Math.Sign(direction);
        if (other < 0 || other >= stages.Count || direction == 0)
        {
            return CommandResult.Unchanged(id);
        }

        (stages[index], stages[other]) = (stages[other], stages[index]);
        for (var i = 0; i < stages.Count; i++)
        {
            stages[i].Position = i + 1;
        }

        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Done(id);
    }
}
