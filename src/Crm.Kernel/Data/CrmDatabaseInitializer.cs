using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Kernel.Data;

/// <summary>Brings a database up to date: applies migrations, tunes SQLite (and rebuilds indexes a killed bulk load left missing), and makes sure the four roles exist.</summary>
public sealed class CrmDatabaseInitializer(IDbContextFactory<CrmDbContext> contextFactory, ILogger<CrmDatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await context.Database.MigrateAsync(cancellationToken);

        if (context.Database.IsSqlite())
        {
            // Write-ahead logging lets readers and one writer work at once; the setting is stored in the file.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            // A bulk load that was killed before it rebuilt the indexes it had dropped leaves them missing: build them.
            var rebuilt = await DatabaseDialect.Sqlite.RestoreIndexesAsync(context, cancellationToken);
            if (rebuilt.Count > 0)
            {
                logger.LogWarning("Rebuilt {Count} missing index(es): {Indexes}", rebuilt.Count, string.Join(", ", rebuilt));
            }
        }

        await EnsureRolesAsync(context, cancellationToken);
    }

    private static async Task EnsureRolesAsync(CrmDbContext context, CancellationToken cancellationToken)
    {
        var existing = await context.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in CrmRoles.All.Except(existing, StringComparer.Ordinal))
        {
            context.Roles.Add(new IdentityRole(role!)
            {
                NormalizedName = role!.ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            });
        }

        await context.SaveChangesAsync(cancellationToken);
    }
}
