using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

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

    public static SqliteBusyTimeoutInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetBusyTimeout(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SetBusyTimeout(connection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The native call (what <c>PRAGMA busy_timeout</c> does, without parsing and running a statement): connections are
    /// opened several times per request, so this runs often.
    /// </summary>
    private static void SetBusyTimeout(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is SqliteConnection { Handle: { } handle })
        {
            var result = raw.sqlite3_busy_timeout(handle, TimeoutMilliseconds);
            SqliteException.ThrowExceptionForRC(result, handle);
        }
    }
}
