using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.SetActive;

/// <summary>
/// Deactivates (or reactivates) a customer read at a version: it stays in the CCR with its history but leaves the default
/// lists (<see cref="Domain.Customer.SetActive"/>). Done with its id, Unchanged when it already was; audited.
/// </summary>
internal sealed class SetCustomerActiveHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> SetActiveAsync(long id, bool active, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await CustomerStore.LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        var before = AuditTrail.Snapshot(customer);
        if (!customer.SetActive(active))
        {
            return CommandResult.Unchanged(id);
        }

        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        db.Add(AuditTrail.Entry(id, active ? "Reactivated" : "Deactivated", currentUser.ActorId, clock.GetUtcNow().UtcDateTime, before, AuditTrail.Snapshot(customer))!);
        await CustomerStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
