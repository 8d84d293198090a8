using Crm.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Data;

/// <summary>Saving records that carry a concurrency token: a stale save is a clear conflict, never a silent overwrite.</summary>
public static class ConcurrentSaves
{
    /// <summary>
    /// Saves the context; when a row changed since it was read (its version moved), throws a <see cref="ConflictException"/>
    /// with <paramref name="conflict"/>, the sentence the user reads (what changed and what to do).
    /// </summary>
    public static async Task SaveOrConflictAsync(this DbContext db, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(conflict);
        }
    }
}
