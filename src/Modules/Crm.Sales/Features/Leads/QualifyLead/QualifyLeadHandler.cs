using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.QualifyLead;

/// <summary>
/// Qualifies a lead the user may work (its rule is <see cref="Domain.Lead.Qualify"/>): Done with its id, Unchanged when it
/// was qualified already, Conflict once it is converted.
/// </summary>
internal sealed class QualifyLeadHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> QualifyAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadForEditAsync(db, currentUser, id, expectedVersion, cancellationToken);
        if (lead.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        if (!lead.Qualify())
        {
            return CommandResult.Unchanged(id);
        }

        await LeadStore.SaveAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
