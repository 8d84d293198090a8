using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.RecordConsent;

/// <summary>
/// Records marketing consent on a channel, given or withdrawn, with where it came from (<see cref="Customer.RecordConsent"/>);
/// the change is audited and the customer's version moves. Done with its id.
/// </summary>
internal sealed class RecordConsentHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> RecordAsync(long id, ConsentChannel channel, bool granted, string source, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await CustomerStore.LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        var now = clock.GetUtcNow().UtcDateTime;
        var old = customer.RecordConsent(channel, granted, source, now);
        customer.ModifiedAtUtc = now; // touches the customer so its version changes
        db.Add(new ContactsAuditEntry
        {
            CustomerId = id,
            Action = "Consent",
            ActorId = currentUser.ActorId,
            AtUtc = now,
            Changes = System.Text.Json.JsonSerializer.Serialize(new[] { new AuditTrail.FieldChange($"Consent.{channel}", old.ToString(), granted.ToString()) }),
        });
        await CustomerStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
