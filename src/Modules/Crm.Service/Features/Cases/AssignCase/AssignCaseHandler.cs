using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.AssignCase;

/// <summary>Hands a case to a ServiceAgent, Manager or Admin, or leaves it unassigned; the change is on the thread.</summary>
internal sealed class AssignCaseHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, CaseWorkers workers)
{
    public async Task<CommandResult<long>> AssignAsync(long caseId, CaseAssignInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var ownerId = Trimmed.OrNull(input.OwnerId);
        if (ownerId is not null && !await workers.IsWorkerAsync(ownerId, cancellationToken))
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseAssignInput.OwnerId), $"'{ownerId}' is no ServiceAgent, Manager or Admin."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var ownerName = ownerId is null ? null : await workers.NameOfAsync(ownerId, cancellationToken);
        if (!serviceCase.AssignTo(ownerId, ownerName, currentUser.ActorId, clock.GetUtcNow().UtcDateTime))
        {
            return CommandResult.Unchanged(serviceCase.Id);
        }

        if (ownerId is not null)
        {
            db.RaiseAfterCommit(new CaseAssigned(serviceCase.Id, serviceCase.CustomerId, ownerId, currentUser.ActorId, clock.GetUtcNow().UtcDateTime));
        }

        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
