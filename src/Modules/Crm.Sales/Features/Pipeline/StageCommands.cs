using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// Configures the pipeline's stages (Managers and Admins): rename, reorder, default probability, add, deactivate. The
/// pipeline always keeps an active open stage, an active Won stage and an active Lost stage; an open stage is deactivated
/// only once its opportunities have been moved elsewhere.
/// </summary>
internal sealed class StageCommands(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<(int? Id, OperationResult Validation)> AddAsync(PipelineStageInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await ValidateAsync(db, input, null, cancellationToken);
        if (!problems.Succeeded)
        {
            return (null, problems);
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

        var stage = new PipelineStage { Name = input.Name.Trim(), Probability = Probability(input), Kind = input.Kind, Position = position, IsActive = true };
        db.Add(stage);
        await db.SaveChangesAsync(cancellationToken);
        return (stage.Id, OperationResult.Success);
    }

    /// <summary>Renames the stage and sets its default probability (its kind stays).</summary>
    public async Task<OperationResult> UpdateAsync(int id, PipelineStageInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stage = await LoadAsync(db, id, cancellationToken);
        var problems = await ValidateAsync(db, input with { Kind = stage.Kind }, id, cancellationToken);
        if (!problems.Succeeded)
        {
            return problems;
        }

        stage.Name = input.Name.Trim();
        stage.Probability = Probability(input with { Kind = stage.Kind });
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>Moves the stage one place left (-1) or right (+1) on the board.</summary>
    public async Task MoveAsync(int id, int direction, CancellationToken cancellationToken = default)
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
            return;
        }

        (stages[index], stages[other]) = (stages[other], stages[index]);
        for (var i = 0; i < stages.Count; i++)
        {
            stages[i].Position = i + 1;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<OperationResult> SetActiveAsync(int id, bool active, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stage = await LoadAsync(db, id, cancellationToken);
        if (stage.IsActive == active)
        {
            return OperationResult.Success;
        }

        if (!active)
        {
            var isActive = true;
            var kind = stage.Kind;
            var others = await db.Set<PipelineStage>().CountAsync(s => s.Id != id && s.IsActive == isActive && s.Kind == kind, cancellationToken);
            if (others == 0)
            {
                return OperationResult.Failure("", $"The pipeline needs at least one active {(kind == StageKind.Open ? "open" : kind.ToString())} stage.");
            }

            var holding = await db.Set<Opportunity>().CountAsync(o => o.StageId == id, cancellationToken);
            if (stage.Kind == StageKind.Open && holding > 0)
            {
                return OperationResult.Failure("", $"Move the {holding} opportunities in {stage.Name} to another stage first.");
            }
        }

        stage.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    private static async Task<OperationResult> ValidateAsync(CrmDbContext db, PipelineStageInput input, int? id, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > 100)
        {
            problems.Add(new ValidationError(nameof(PipelineStageInput.Name), "Enter a name of 1 to 100 characters."));
        }
        else if (await db.Set<PipelineStage>().AnyAsync(s => s.Name == name && s.Id != id, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(PipelineStageInput.Name), $"There is already a stage called {name}."));
        }

        if (input.Probability is < 0 or > 100)
        {
            problems.Add(new ValidationError(nameof(PipelineStageInput.Probability), "The probability is a percentage from 0 to 100."));
        }

        if (!Enum.IsDefined(input.Kind))
        {
            problems.Add(new ValidationError(nameof(PipelineStageInput.Kind), "Choose Open, Won or Lost."));
        }

        return new OperationResult(problems);
    }

    private static int Probability(PipelineStageInput input) => input.Kind switch
    {
        StageKind.Won => 100,
        StageKind.Lost => 0,
        _ => input.Probability,
    };

    private static async Task<PipelineStage> LoadAsync(CrmDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Set<PipelineStage>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new NotFoundException($"No stage with id {id}.");
}
