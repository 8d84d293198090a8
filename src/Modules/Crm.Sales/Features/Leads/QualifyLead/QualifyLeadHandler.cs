using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.QualifyLead;

/// <summary>Qualifies a lead the user may work (its rule is <see cref="Domain.Lead.Qualify"/>); qualifying twice changes nothing.</summary>
internal sealed class QualifyLeadHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task QualifyAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadForEditAsync(db, currentUser, id, expectedVersion, cancellationToken);
        if (lead.Qualify())
        {
            await LeadStore.SaveAsync(db, cancellationToken);
        }
    }
}
