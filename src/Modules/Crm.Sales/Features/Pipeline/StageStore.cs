using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline;

/// <summary>What the stage use cases share: loading a stage and checking a stage's name, probability and kind.</summary>
internal static class StageStore
{
    public static async Task<PipelineStage> LoadAsync(CrmDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Set<PipelineStage>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new NotFoundException($"No stage with id {id}.");

    /// <summary>The problems with <paramref name="input"/> for the stage <paramref name="id"/> (null for a new one): names are unique.</summary>
    public static async Task<OperationResult> ValidateAsync(CrmDbContext db, PipelineStageInput input, int? id, CancellationToken cancellationToken)
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
}
