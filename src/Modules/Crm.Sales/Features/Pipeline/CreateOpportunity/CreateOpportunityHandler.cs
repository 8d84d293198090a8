using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline.CreateOpportunity;

/// <summary>
/// Creates an opportunity: a SalesRep owns what they enter, a Manager may hand it to another seller; the stage defaults
/// to the first active open one (its rules are on <see cref="Opportunity"/>). Created with the id, or Invalid.
/// </summary>
internal sealed class CreateOpportunityHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ICustomerDirectory directory)
{
    private readonly OpportunityInputValidator validator = new(clock);

    public async Task<CommandResult<long>> CreateAsync(OpportunityInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = new Opportunity();
        var applied = await OpportunityStore.ApplyAsync(db, currentUser, directory, clock.GetUtcNow().UtcDateTime, opportunity, input, isNew: true, cancellationToken);
        if (!applied.Succeeded)
        {
            return CommandResult.Invalid<long>(applied);
        }

        db.Add(opportunity);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Created(opportunity.Id);
    }
}
