using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.DisqualifyLead;

/// <summary>Disqualifies a lead the user may work, with a reason (its rule is <see cref="Domain.Lead.Disqualify"/>).</summary>
internal sealed class DisqualifyLeadHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<OperationResult> DisqualifyAsync(long id, string? reason, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadForEditAsync(db, currentUser, id, expectedVersion, cancellationToken);
        var result = lead.Disqualify(reason);
        if (result.Succeeded)
        {
            await LeadStore.SaveAsync(db, cancellationToken);
        }

        return result;
    }
}
