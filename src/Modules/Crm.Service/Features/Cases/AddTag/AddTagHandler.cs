using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.AddTag;

/// <summary>Adds one tag to a case (refused on a closed case or one with the most tags); the change is on the thread.</summary>
internal sealed class AddTagHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>Why <paramref name="tag"/> is no valid tag: null when it is one.</summary>
    public static string? TagProblem(string? tag) =>
        tag?.Trim() is not { Length: > 0 } trimmed ? "Give the tag to add."
        : trimmed.Length > ServiceCase.MaxTagLength ? $"A tag has at most {ServiceCase.MaxTagLength} characters."
        : trimmed.Contains('|', StringComparison.Ordinal) ? "A tag cannot contain '|'."
        : null;

    public async Task<CommandResult<long>> AddAsync(long caseId, string tag, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        if (TagProblem(tag) is { } problem)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("tag", problem));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.TagRefusal(tag) is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        if (!serviceCase.AddTag(tag, currentUser.ActorId, clock.GetUtcNow().UtcDateTime))
        {
            return CommandResult.Unchanged(serviceCase.Id);
        }

        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
