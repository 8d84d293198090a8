using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>The one load-and-check that changing and removing a fact share.</summary>
internal static class PreferenceFactAccess
{
    /// <summary>The tracked fact, once the caller may change it: 404 for an unknown one, 403 for a caller who may not.</summary>
    public static async Task<PreferenceFact> LoadForChangeAsync(
        CrmDbContext db, ICurrentUser user, long customerId, long factId, CancellationToken cancellationToken)
    {
        var fact = await db.Set<PreferenceFact>().SingleOrDefaultAsync(f => f.Id == factId && f.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no remembered fact {factId}.");
        var ownerId = await db.Set<Customer>().Where(c => c.Id == customerId).Select(c => c.OwnerId).SingleOrDefaultAsync(cancellationToken);
        ContactsAccess.EnsureRecordFacts(user, ownerId);
        if (fact.ChangeRefusal(user.ActorId, ContactsAccess.CanEdit(user, ownerId)) is { } refusal)
        {
            throw new ForbiddenException(refusal);
        }

        return fact;
    }
}
