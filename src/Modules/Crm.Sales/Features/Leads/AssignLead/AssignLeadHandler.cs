using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.AssignLead;

/// <summary>
/// Assigns a lead: a Manager or an Admin to anyone who sells, a rep takes an unassigned lead for themselves (see
/// <see cref="LeadAccess.CanAssign"/>); a converted lead keeps its owner (<see cref="Domain.Lead.AssignRefusal"/>, a
/// Conflict). Done with its id, or Invalid naming the owner.
/// </summary>
internal sealed class AssignLeadHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>Hands the lead to <paramref name="ownerId"/>, or to the next rep by round-robin when it is empty.</summary>
    public async Task<CommandResult<long>> AssignAsync(long id, string? ownerId, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadAsync(db, id, cancellationToken);
        ownerId = Trimmed.OrNull(ownerId);
        if (!LeadAccess.CanAssign(currentUser, lead, ownerId))
        {
            throw new ForbiddenException("Only a Manager or an Admin assigns leads to reps.");
        }

        LeadStore.CheckVersion(lead, expectedVersion);
        if (lead.AssignRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (ownerId is not null && !await LeadAssignment.IsSellerAsync(db, ownerId, cancellationToken))
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(AssignLeadInput.OwnerId), $"'{ownerId}' is no SalesRep, Manager or Admin."));
        }

        ownerId ??= await LeadAssignment.NextRepAsync(db, now, cancellationToken);
        if (ownerId is null)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(AssignLeadInput.OwnerId), "There is no active SalesRep to assign the lead to."));
        }

        lead.AssignTo(ownerId, now);
        await LeadStore.SaveAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
