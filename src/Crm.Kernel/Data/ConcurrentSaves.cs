using Crm.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Data;

/// <summary>
/// Saving records that carry a concurrency token: a stale save is a clear conflict, never a silent overwrite; so is a
/// save that a unique index refuses because someone saved the same name at the same moment (checks before the save
/// cannot see a concurrent one).
/// </summary>
public static class ConcurrentSaves
{
    /// <summary>What a unique-index refusal says when the caller names no clash of its own.</summary>
    public const string SameRecordSavedMeanwhile =
        "Someone else saved a record with the same name at the same time. Reload, then choose another name or try again.";

    /// <summary>
    /// Saves the context; when a row changed since it was read (its version moved), throws a <see cref="ConflictException"/>
    /// with <paramref name="conflict"/>, the sentence the user reads (what changed and what to do); when a unique index
    /// refuses a row, with <see cref="SameRecordSavedMeanwhile"/>.
    /// </summary>
    public static Task SaveOrConflictAsync(this DbContext db, string conflict, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(conflict, SameRecordSavedMeanwhile, cancellationToken);

    /// <summary>
    /// As <see cref="SaveOrConflictAsync(DbContext, string, CancellationToken)"/>, with <paramref name="duplicate"/> the
    /// sentence the user reads when a unique index refuses a row (a name someone else saved at the same moment).
    /// </summary>
    public static async Task SaveOrConflictAsync(this DbContext db, string conflict, string duplicate, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(conflict);
        }
        catch (DbUpdateException ex) when (DatabaseDialect.Of(db).IsUniqueViolation(ex))
        {
            throw new ConflictException(duplicate);
        }
    }
}
