using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.MergeCase;

/// <summary>
/// Merges a case into another case of the same customer (docs/adr/0017-case-merge-and-reopen.md): the merged case is Closed
/// with a "merged into" event and a link, the target gets a "merged from" event and shows the merged case's thread. Refused
/// for the same case or another customer's (400) and for a closed case on either side (409).
/// </summary>
internal sealed class MergeCaseHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly CaseMergeInputValidator Validator = new();

    /// <summary>Merges case <paramref name="caseId"/> into the case named; the value is the target's id.</summary>
    public async Task<CommandResult<long>> MergeAsync(long caseId, CaseMergeInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var source = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        var targetId = ServiceCase.IdOf(input.Target)!.Value;
        var target = await db.Set<ServiceCase>().SingleOrDefaultAsync(c => c.Id == targetId, cancellationToken);
        if (target is null)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseMergeInput.Target), $"No case {ServiceCase.NumberOf(targetId)}."));
        }

        // The target takes the merged thread: the user must be allowed to work it too.
        await CaseAccess.EnsureWorkOnAsync(db, currentUser, target, cancellationToken);
        if (source.MergeProblem(target) is { } problem)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseMergeInput.Target), problem));
        }

        if (source.MergeConflict(target) is { } conflict)
        {
            return CommandResult.Conflict<long>(conflict);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        source.MergeInto(target, currentUser.ActorId, now);
        // The merged case is closed: its clocks stand (a target it had not met stays unmet, paused, on its record).
        await Sla.CaseSla.RefreshAsync(db, source, now, record: false, cancellationToken);
        await CaseStore.SaveAsync(db, source, cancellationToken);
        return CommandResult.Done(target.Id);
    }
}
