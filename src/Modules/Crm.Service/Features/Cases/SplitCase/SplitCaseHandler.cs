using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Features.Cases.OpenCase;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.SplitCase;

/// <summary>
/// Splits a customer's message off a case into a new case for the same customer with the subject the agent gives: the new
/// case starts with a copy of the message, is routed like any new case (else kept in the original's queue) and is linked to the original, which records the
/// split (docs/adr/0017-case-merge-and-reopen.md). Refused for an entry that is not a customer message of the case (400) and
/// on a closed case (409).
/// </summary>
internal sealed class SplitCaseHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, CaseOpening opening)
{
    private static readonly CaseSplitInputValidator Validator = new();

    /// <summary>Splits entry <see cref="CaseSplitInput.EntryId"/> of case <paramref name="caseId"/> off; the value is the new case's id.</summary>
    public async Task<CommandResult<long>> SplitAsync(long caseId, CaseSplitInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var original = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (original.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var message = await db.Set<CaseEntry>().SingleOrDefaultAsync(e => e.Id == input.EntryId && e.CaseId == caseId, cancellationToken);
        if (original.SplitProblem(message, input.EntryId) is { } problem)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseSplitInput.EntryId), problem));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actorId = currentUser.ActorId;
        var split = original.SplitOff(message!, input.Subject.Trim(), actorId, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Routed as a new case; when no rule or default queue takes it, it stays in the queue of the case it came from.
        var queue = await opening.QueueForAsync(db, queueId: null, split, cancellationToken)
            ?? await db.Set<Domain.Queues.ServiceQueue>().Include(q => q.Members)
                .SingleOrDefaultAsync(q => q.Id == original.QueueId && q.IsActive, cancellationToken);
        await opening.StoreAsync(db, split, queue, owner: null, message!.Body, actorId, now, cancellationToken);
        original.RecordSplit(split, message, actorId, now);
        await CaseStore.SaveAsync(db, original, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Created(split.Id);
    }
}
