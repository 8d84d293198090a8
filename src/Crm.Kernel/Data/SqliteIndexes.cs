using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Crm.Kernel.Data;

/// <summary>
/// Deferred index building for bulk loads on SQLite. Writing millions of rows into a table that keeps ten secondary
/// indexes costs a B-tree descent per row and index; building each index once afterwards (one sort) is several times
/// cheaper. A loader drops the secondary indexes of its tables, writes, and calls <see cref="RestoreAsync"/>; should
/// the load be killed half-way, the database initializer's <see cref="RestoreAsync"/> at the next start builds
/// whatever index of the model is missing, so a database never stays without them.
/// </summary>
public static class SqliteIndexes
{
    /// <summary>
    /// Drops the non-unique indexes of the tables of <paramref name="entityTypes"/> (unique ones stay: they guard the
    /// data against writers other than the loader). Returns the names dropped.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropSecondaryAsync(CrmDbContext db, IEnumerable<Type> entityTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entityTypes);
        var existing = await ExistingAsync(db, cancellationToken);
        var names = entityTypes
            .Select(type => db.Model.FindEntityType(type) ?? throw new ArgumentException($"{type.Name} is not in the model.", nameof(entityTypes)))
            .SelectMany(entity => entity.GetIndexes())
            .Where(index => !index.IsUnique)
            .Select(index => index.GetDatabaseName()!)
            .Where(existing.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            var drop = $"DROP INDEX IF EXISTS \"{name}\";"; // a name from the model, not from input
            await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        }

        return names;
    }

    /// <summary>
    /// Builds every index of the model that the database lacks, exactly as the migrations define it. Returns the names
    /// built; costs one look at the schema when nothing is missing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RestoreAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await ExistingAsync(db, cancellationToken);
        var missing = db.Model.GetEntityTypes()
            .Where(entity => entity.GetTableName() is not null && entity.GetViewName() is null)
            .SelectMany(entity => entity.GetIndexes())
            .Select(index => index.GetDatabaseName()!)
            .Where(name => !existing.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return [];
        }

        // The migrations' own differ and SQL generator write the CREATE INDEX statements (names, columns, uniqueness,
        // filters), so a rebuilt index is the one a fresh migration would have made.
        var model = db.GetService<IDesignTimeModel>().Model;
        var operations = db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(null, model.GetRelationalModel())
            .OfType<CreateIndexOperation>()
            .Where(operation => missing.Contains(operation.Name))
            .ToList<MigrationOperation>();
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(operations, model);

        // Sorting for an index build may use a second thread.
        await db.Database.ExecuteSqlRawAsync("PRAGMA threads = 2;", cancellationToken);
        foreach (var command in commands)
        {
            await db.Database.ExecuteSqlRawAsync(command.CommandText, cancellationToken);
        }

        return [.. operations.Cast<CreateIndexOperation>().Select(operation => operation.Name)];
    }

    private static async Task<HashSet<string>> ExistingAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            throw new InvalidOperationException("Deferred index building is for SQLite databases.");
        }

        var names = await db.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'")
            .ToListAsync(cancellationToken);
        return names.ToHashSet(StringComparer.Ordinal);
    }
}
