using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.DisqualifyLead;

/// <summary>
/// Disqualifies a lead the user may work, with a reason (its rule is <see cref="Domain.Lead.Disqualify"/>): Done with its
/// id, Invalid without a usable reason, Conflict once it is converted.
/// </summary>
internal sealed class DisqualifyLeadHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> DisqualifyAsync(long id, string? reason, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadForEditAsync(db, currentUser, id, expectedVersion, cancellationToken);
        if (lead.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var disqualified = lead.Disqualify(reason);
        if (!disqualified.Succeeded)
        {
            return CommandResult.Invalid<long>(disqualified);
        }

        await LeadStore.SaveAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
