using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.UpdateOpportunity;

/// <summary>
/// Replaces an opportunity the user may change, read at a version: Done with its id, or Invalid (nothing changed). A save
/// based on a stale version is a <see cref="ConflictException"/> (412 through <c>[IfMatch]</c>).
/// </summary>
internal sealed class UpdateOpportunityHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ICustomerDirectory directory)
{
    private readonly OpportunityInputValidator validator = new(clock);

    public async Task<CommandResult<long>> UpdateAsync(long id, OpportunityInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = await OpportunityStore.LoadForEditAsync(db, currentUser, id, includeProducts: true, cancellationToken);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var applied = await OpportunityStore.ApplyAsync(db, currentUser, directory, clock.GetUtcNow().UtcDateTime, opportunity, input, isNew: false, cancellationToken);
        if (!applied.Succeeded)
        {
            return CommandResult.Invalid<long>(applied);
        }

        db.Entry(opportunity).Property(o => o.Version).OriginalValue = expectedVersion;
        // Always update the row (even when only products changed) so the version check applies.
        db.Entry(opportunity).Property(o => o.ModifiedAtUtc).IsModified = true;
        await OpportunityStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
