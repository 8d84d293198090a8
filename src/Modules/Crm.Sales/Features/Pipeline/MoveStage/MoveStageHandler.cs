using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.MoveStage;

/// <summary>
/// Moves an opportunity to another stage (the board's drag and drop); its rules are <see cref="Opportunity.MoveTo"/>: a Won
/// or Lost stage needs a reason and closes it, an open one reopens it. Done, Unchanged when it is there already, or Invalid.
/// </summary>
internal sealed class MoveStageHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> MoveAsync(long id, MoveStageInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = await OpportunityStore.LoadForEditAsync(db, currentUser, id, includeProducts: false, cancellationToken);
        if (expectedVersion is { } version)
        {
            db.Entry(opportunity).Property(o => o.Version).OriginalValue = version;
        }

        var stage = await db.Set<PipelineStage>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == input.StageId, cancellationToken);
        if (stage is null)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(MoveStageInput.StageId), $"There is no active stage {input.StageId}."));
        }

        var moved = opportunity.MoveTo(stage, input.Reason, clock.GetUtcNow().UtcDateTime, out var changed);
        if (!moved.Succeeded)
        {
            return CommandResult.Invalid<long>(moved);
        }

        if (!changed)
        {
            return CommandResult.Unchanged(id);
        }

        await OpportunityStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
