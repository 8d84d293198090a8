using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.SetStageActive;

/// <summary>
/// Deactivates or reactivates a stage (Managers and Admins). The pipeline keeps an active stage of every kind and an
/// open stage is emptied first (<see cref="PipelineStage.DeactivateRefusal"/>): Conflict then, nothing changes.
/// </summary>
internal sealed class SetStageActiveHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<int>> SetActiveAsync(int id, bool active, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stage = await StageStore.LoadAsync(db, id, cancellationToken);
        if (stage.IsActive == active)
        {
            return CommandResult.Unchanged(id);
        }

        if (!active)
        {
            var isActive = true;
            var kind = stage.Kind;
            var others = await db.Set<PipelineStage>().CountAsync(s => s.Id != id && s.IsActive == isActive && s.Kind == kind, cancellationToken);
            var holding = await db.Set<Opportunity>().CountAsync(o => o.StageId == id, cancellationToken);
            if (stage.DeactivateRefusal(others, holding) is { } refusal)
            {
                return CommandResult.Conflict<int>(refusal);
            }
        }

        stage.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Done(id);
    }
}
