using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Kernel.Auditing;

/// <summary>
/// Stamps <see cref="AuditableEntity"/> rows with actor, time and a fresh concurrency token on every save. One instance
/// for all contexts (they are pooled): the actor is the one the context was leased to.
/// </summary>
public sealed class AuditingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actorId = (context as Data.CrmDbContext)?.Actor?.ActorId ?? "system";
        foreach (var entry in context.ChangeTracker.Entries<AuditableEntity>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.StampCreated(now, actorId);
                    break;
                case EntityState.Modified:
                    entry.Property(e => e.CreatedAtUtc).IsModified = false;
                    entry.Property(e => e.CreatedBy).IsModified = false;
                    entry.Entity.ModifiedAtUtc = now;
                    entry.Entity.ModifiedBy = actorId;
                    entry.Entity.Version = Guid.NewGuid();
                    break;
            }
        }
    }
}
