using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Kernel.Data;

/// <summary>
/// What differs between the two providers, in one place (as bitwarden keeps <c>IsSqlite()</c> inside its repositories):
/// modules ask the dialect of their context instead of branching on the provider, and never reference a provider's types.
/// </summary>
public abstract class DatabaseDialect
{
    public static readonly DatabaseDialect Sqlite = new SqliteDialect();

    public static readonly DatabaseDialect SqlServer = new SqlServerDialect();

    /// <summary>The dialect of the provider <paramref name="db"/> runs on.</summary>
    public static DatabaseDialect Of(DbContext db) => db.Database.IsSqlite() ? Sqlite : SqlServer;

    /// <summary>Whether a unique index or key refused a row (anywhere in the exception's chain).</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>A subquery of the ids (bigint) in the JSON array parameter <paramref name="parameter"/>, e.g. "[1,2,3]".</summary>
    public abstract string IdsOfJsonArray(string parameter);

    /// <summary>A UTC timestamp column as EF stores it, read from a raw data reader.</summary>
    public abstract DateTime ReadUtcDateTime(DbDataReader reader, int ordinal);

    /// <summary>A money or quantity column (decimal 18,4) as EF stores it, read from a raw data reader.</summary>
    public abstract decimal ReadDecimal(DbDataReader reader, int ordinal);

    /// <summary>
    /// Whether <see cref="BulkWriter.NextIdAsync{T}"/> may hand out ids ahead of the rows: only a database with a single
    /// writer (SQLite) keeps them free while the load runs. Loads that need the ids up front write through EF elsewhere.
    /// </summary>
    public abstract bool AssignsIdsAhead { get; }

    /// <summary>Settings for a large load on <paramref name="db"/>'s open connection (SQLite: a bigger page cache).</summary>
    public abstract Task PrepareBulkLoadAsync(DbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Before a load that at least doubles the tables of <paramref name="entityTypes"/>: drops their secondary indexes where
    /// building them once afterwards is much cheaper than keeping them up to date row by row (SQLite), and returns their
    /// names; <see cref="RestoreIndexesAsync"/> builds them again (the database initializer also does at every start, so a
    /// killed load heals). Nothing is dropped elsewhere.
    /// </summary>
    public abstract Task<IReadOnlyList<string>> DeferIndexesForLoadAsync(CrmDbContext db, IEnumerable<Type> entityTypes, CancellationToken cancellationToken);

    /// <summary>Builds every index of the model that is missing; returns their names.</summary>
    public abstract Task<IReadOnlyList<string>> RestoreIndexesAsync(CrmDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="erase"/> (its own transaction on <paramref name="db"/>'s connection, kept open throughout) so
    /// that what it deletes leaves no readable copy in the database: SQLite overwrites deleted content as it deletes, then
    /// compacts the file and empties its write-ahead log; SQL Server stops serving the values through SQL at commit and
    /// reuses the pages itself (its log and backups follow the server's retention, which is operations' job).
    /// </summary>
    public abstract Task EraseAsync(DbContext db, Func<Task> erase, ILogger logger, CancellationToken cancellationToken);

    private sealed class SqliteDialect : DatabaseDialect
    {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY; the other constraint failures (NOT NULL, CHECK,
        // FOREIGN KEY) share the primary code 19 but are bugs, not clashes with someone else's row.
        private const int UniqueViolation = 2067;
        private const int PrimaryKeyViolation = 1555;

        public override bool AssignsIdsAhead => true;

        public override bool IsUniqueViolation(Exception exception) =>
            Chain(exception).OfType<SqliteException>().Any(e => e.SqliteExtendedErrorCode is UniqueViolation or PrimaryKeyViolation);

        public override string IdsOfJsonArray(string parameter) => $"SELECT value FROM json_each({parameter})";

        public override DateTime ReadUtcDateTime(DbDataReader reader, int ordinal) => SqliteValues.UtcDateTime(reader, ordinal);

        public override decimal ReadDecimal(DbDataReader reader, int ordinal) => SqliteValues.Money(reader, ordinal);

        public override Task PrepareBulkLoadAsync(DbContext db, CancellationToken cancellationToken) =>
            db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -131072;", cancellationToken); // 128 MB

        public override Task<IReadOnlyList<string>> DeferIndexesForLoadAsync(CrmDbContext db, IEnumerable<Type> entityTypes, CancellationToken cancellationToken) =>
            SqliteIndexes.DropSecondaryAsync(db, entityTypes, cancellationToken);

        public override Task<IReadOnlyList<string>> RestoreIndexesAsync(CrmDbContext db, CancellationToken cancellationToken) =>
            SqliteIndexes.RestoreAsync(db, cancellationToken);

        public override async Task EraseAsync(DbContext db, Func<Task> erase, ILogger logger, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            long? secureDeleteBefore = null;
            try
            {
                // SQLite leaves deleted and overwritten records in the file (free pages, free space inside pages) until the
                // space is reused. secure_delete makes this connection overwrite them with zeros as it deletes.
                secureDeleteBefore = await ScalarAsync(db, "PRAGMA secure_delete;", cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete=ON;", cancellationToken);
                await erase();
                await CompactAsync(db, logger, cancellationToken);
            }
            finally
            {
                if (secureDeleteBefore is { } previous)
                {
                    // The connection goes back to the pool: leave it as it was.
                    await db.Database.ExecuteSqlRawAsync(previous == 0 ? "PRAGMA secure_delete=OFF;" : "PRAGMA secure_delete=ON;", CancellationToken.None);
                }

                await db.Database.CloseConnectionAsync();
            }
        }

        // After the erase has committed: VACUUM rebuilds the file from the live rows only (dropping what earlier, non-secure
        // updates and deletes left in free space) and a TRUNCATE checkpoint copies the write-ahead log into the file and
        // empties it. VACUUM holds the write lock while it runs, a moment on a large file; erasing is rare. If either step
        // cannot run now, the erase stands (the data is gone from every table) and a warning asks for a VACUUM.
        private static async Task CompactAsync(DbContext db, ILogger logger, CancellationToken cancellationToken)
        {
            var timeout = db.Database.GetCommandTimeout();
            try
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
                await db.Database.ExecuteSqlRawAsync("VACUUM;", cancellationToken);
                for (var attempt = 1; ; attempt++)
                {
                    if (await ScalarAsync(db, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken) == 0)
                    {
                        break;
                    }

                    if (attempt == 20)
                    {
                        logger.LogWarning("An erase could not empty the write-ahead log (readers were busy). Run PRAGMA wal_checkpoint(TRUNCATE) when the database is idle.");
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                }
            }
            catch (DbException ex)
            {
                logger.LogWarning(ex, "An erase could not compact the database file. Run VACUUM when the database is idle, so no erased text stays in its free space.");
            }
            finally
            {
                db.Database.SetCommandTimeout(timeout);
            }
        }

        private static async Task<long> ScalarAsync(DbContext db, string pragma, CancellationToken cancellationToken)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = pragma;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? 30;
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    private sealed class SqlServerDialect : DatabaseDialect
    {
        public override bool AssignsIdsAhead => false;

        // 2601: duplicate key in a unique index; 2627: in a unique constraint or primary key.
        public override bool IsUniqueViolation(Exception exception) =>
            Chain(exception).OfType<SqlException>().Any(e => e.Number is 2601 or 2627);

        public override string IdsOfJsonArray(string parameter) => $"SELECT CAST([value] AS bigint) FROM OPENJSON({parameter})";

        public override DateTime ReadUtcDateTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

        public override decimal ReadDecimal(DbDataReader reader, int ordinal) => reader.GetDecimal(ordinal);

        public override Task PrepareBulkLoadAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task<IReadOnlyList<string>> DeferIndexesForLoadAsync(CrmDbContext db, IEnumerable<Type> entityTypes, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        // Migrations own SQL Server's indexes and nothing drops them.
        public override Task<IReadOnlyList<string>> RestoreIndexesAsync(CrmDbContext db, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public override async Task EraseAsync(DbContext db, Func<Task> erase, ILogger logger, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await erase();
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
