using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Features.Cases.AddTag;
using Crm.Service.Features.Cases.AssignCase;
using Crm.Service.Features.Cases.ChangeStatus;

namespace Crm.Service.Features.Cases.BulkUpdate;

/// <summary>
/// Applies one action to many cases, each through the single action's handler: the same rules, access checks, thread
/// entries, timeline entries and events, each case in its own transaction. A case the rules or the user's rights refuse is
/// skipped with the reason and left untouched; the others change.
/// </summary>
internal sealed class BulkUpdateCasesHandler(
    ICurrentUser currentUser, CaseWorkers workers, AssignCaseHandler assign, ChangeStatusHandler changeStatus, AddTagHandler addTag)
{
    private static readonly CaseBulkInputValidator Validator = new();

    public async Task<CommandResult<CaseBulkResult>> UpdateAsync(CaseBulkInput input, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<CaseBulkResult>(validation);
        }

        // A wrong owner is the request's fault, not each case's: refuse it once instead of skipping every case.
        var ownerId = Trimmed.OrNull(input.Argument);
        if (input.Action == CaseBulkAction.Assign && ownerId is not null && !await workers.IsWorkerAsync(ownerId, cancellationToken))
        {
            return CommandResult.Invalid<CaseBulkResult>(OperationResult.Failure(nameof(CaseBulkInput.Argument), $"'{ownerId}' is no ServiceAgent, Manager or Admin."));
        }

        var results = new List<CaseBulkItemResult>();
        foreach (var id in input.CaseIds.Distinct())
        {
            results.Add(await ApplyAsync(id, input.Action, input.Action == CaseBulkAction.Assign ? ownerId : input.Argument!, cancellationToken));
        }

        return CommandResult.Done(new CaseBulkResult(
            results.Count(r => r.Outcome == CaseBulkOutcome.Changed), results.Count(r => r.Outcome == CaseBulkOutcome.Unchanged),
            results.Count(r => r.Outcome == CaseBulkOutcome.Skipped), results));
    }

    private async Task<CaseBulkItemResult> ApplyAsync(long id, CaseBulkAction action, string? argument, CancellationToken cancellationToken)
    {
        var number = ServiceCase.NumberOf(id);
        try
        {
            var result = action switch
            {
                CaseBulkAction.Assign => await assign.AssignAsync(id, new CaseAssignInput(argument), expectedVersion: null, cancellationToken),
                CaseBulkAction.ChangeStatus => await changeStatus.ChangeAsync(id, new CaseStatusInput(CaseBulkInputValidator.StatusOf(argument)!.Value), expectedVersion: null, cancellationToken),
                _ => await addTag.AddAsync(id, argument!, expectedVersion: null, cancellationToken),
            };
            return result.Outcome switch
            {
                CommandOutcome.Done or CommandOutcome.Created => new(id, number, CaseBulkOutcome.Changed, null),
                CommandOutcome.Unchanged => new(id, number, CaseBulkOutcome.Unchanged, "It was that way already."),
                _ => new(id, number, CaseBulkOutcome.Skipped, result.Problem),
            };
        }
        catch (Exception refused) when (refused is ForbiddenException or NotFoundException or ConflictException)
        {
            // The handler stored nothing for this case (its change is one transaction): report why and go on with the rest.
            return new(id, number, CaseBulkOutcome.Skipped, refused.Message);
        }
    }
}
