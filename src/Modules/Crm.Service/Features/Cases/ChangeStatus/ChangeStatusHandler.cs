using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.ChangeStatus;

/// <summary>
/// Moves a case to another status along the allowed transitions (409 naming the allowed ones otherwise); the change is on the
/// thread and on the customer's timeline, and a resolution is announced to the other modules.
/// </summary>
internal sealed class ChangeStatusHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> ChangeAsync(long caseId, CaseStatusInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        // A body without a status binds to null, not to New: a missing status is a mistake, never a move to New.
        if (input.Status is not { } status || !Enum.IsDefined(status))
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseStatusInput.Status),
                $"Choose the status to move the case to: {string.Join(", ", Enum.GetNames<CaseStatus>())}."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        var changed = await ChangeOnAsync(db, serviceCase, status, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (changed.Outcome == CommandOutcome.Done)
        {
            await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        }

        return changed;
    }

    /// <summary>
    /// The status change on a case loaded for work in <paramref name="db"/>, left for the caller to save (Done) with the rest of
    /// its unit of work; Unchanged when the case has the status already.
    /// </summary>
    internal async Task<CommandResult<long>> ChangeOnAsync(CrmDbContext db, ServiceCase serviceCase, CaseStatus status, DateTime now, CancellationToken cancellationToken)
    {
        if (serviceCase.StatusRefusal(status) is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        if (!serviceCase.ChangeStatus(status, currentUser.ActorId, now))
        {
            return CommandResult.Unchanged(serviceCase.Id);
        }

        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        CaseStore.ReportOnTimeline(db, serviceCase, InteractionDirection.Outbound, $"{CaseStatusNames.Of(status)}: {serviceCase.Subject}", null, currentUser.ActorId, now);
        if (status == CaseStatus.Resolved)
        {
            db.RaiseAfterCommit(new CaseResolved(serviceCase.Id, serviceCase.CustomerId, serviceCase.OpenedAtUtc, now));
        }

        return CommandResult.Done(serviceCase.Id);
    }
}
