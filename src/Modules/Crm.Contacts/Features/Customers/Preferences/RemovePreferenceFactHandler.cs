using Crm.Contacts.Domain;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>
/// Removes a remembered fact read at a version (who may: <see cref="PreferenceFact.ChangeRefusal"/>, a 403 otherwise). A
/// stale version is a <see cref="ConflictException"/>: someone changed it meanwhile, and it stays.
/// </summary>
internal sealed class RemovePreferenceFactHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task RemoveAsync(long customerId, long factId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fact = await PreferenceFactAccess.LoadForChangeAsync(db, currentUser, customerId, factId, cancellationToken);
        db.Entry(fact).Property(f => f.Version).OriginalValue = expectedVersion;
        db.Remove(fact);
        await db.SaveOrConflictAsync("Someone else changed this fact since you opened it. Reload and try again.", cancellationToken);
    }
}
