using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.DoNotContact;

/// <summary>Records the customer's wish not to be contacted for marketing on any channel (or lifts it); audited. Done with its id.</summary>
internal sealed class SetDoNotContactHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> SetAsync(long id, bool doNotContact, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await CustomerStore.LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        var before = AuditTrail.Snapshot(customer);
        customer.DoNotContact = doNotContact;
        if (AuditTrail.Entry(id, "Updated", currentUser.ActorId, clock.GetUtcNow().UtcDateTime, before, AuditTrail.Snapshot(customer)) is { } entry)
        {
            db.Add(entry);
        }

        await CustomerStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
