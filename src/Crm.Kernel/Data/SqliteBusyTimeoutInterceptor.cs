using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Kernel.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every opened connection. Without it a writer that finds the database locked gets
/// SQLITE_BUSY at once and Microsoft.Data.Sqlite retries after sleeping 150 ms; SQLite's busy handler instead retries
/// within a few milliseconds of the lock being released, so concurrent writers (an order and its timeline entry, a
/// real-time value update) queue for the lock instead of sleeping past it.
/// </summary>
public sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    /// <summary>How long a writer waits for the lock before SQLite reports it busy (the command timeout still applies).</summary>
    public const int TimeoutMilliseconds = 30_000;

    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public static SqliteBusyTimeoutInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
