using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
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
        if (!Enum.IsDefined(input.Status))
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseStatusInput.Status), "Choose a status."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.StatusRefusal(input.Status) is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!serviceCase.ChangeStatus(input.Status, currentUser.ActorId, now))
        {
            return CommandResult.Unchanged(serviceCase.Id);
        }

        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        CaseStore.ReportOnTimeline(db, serviceCase, InteractionDirection.Outbound, $"{input.Status}: {serviceCase.Subject}", null, currentUser.ActorId, now);
        if (input.Status == CaseStatus.Resolved)
        {
            db.RaiseAfterCommit(new CaseResolved(serviceCase.Id, serviceCase.CustomerId, serviceCase.OpenedAtUtc, now));
        }

        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
