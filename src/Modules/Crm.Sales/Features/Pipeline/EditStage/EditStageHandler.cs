using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.EditStage;

/// <summary>Renames a stage and sets its default probability (Managers and Admins); its kind stays (<see cref="Domain.PipelineStage.Rename"/>).</summary>
internal sealed class EditStageHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<int>> UpdateAsync(int id, PipelineStageInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stage = await StageStore.LoadAsync(db, id, cancellationToken);
        var problems = await StageStore.ValidateAsync(db, input with { Kind = stage.Kind }, id, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<int>(problems);
        }

        stage.Rename(input.Name, input.Probability);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Done(id);
    }
}
