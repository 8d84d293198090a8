using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>
/// Changes a remembered fact read at a version (who may: <see cref="PreferenceFact.ChangeRefusal"/>, a 403 otherwise): Done
/// with its id, or Invalid (nothing changed). A stale version is a <see cref="ConflictException"/> (412 through <c>[IfMatch]</c>).
/// </summary>
internal sealed class ChangePreferenceFactHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, PreferenceFactInputValidator validator)
{
    public async Task<CommandResult<long>> ChangeAsync(
        long customerId, long factId, PreferenceFactInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fact = await PreferenceFactAccess.LoadForChangeAsync(db, currentUser, customerId, factId, cancellationToken);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        db.Entry(fact).Property(f => f.Version).OriginalValue = expectedVersion;
        fact.Change(input);
        db.Entry(fact).Property(f => f.ModifiedAtUtc).IsModified = true;
        await db.SaveOrConflictAsync("Someone else changed this fact since you opened it. Reload and try again.", cancellationToken);
        return CommandResult.Done(factId);
    }
}
