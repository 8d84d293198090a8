using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Crm.Kernel.Data;

/// <summary>
/// Fast inserts in one transaction, rows stored exactly as EF would store them (table and column names, type mappings and
/// value converters from the model; its output is compared with EF's in Contacts' generator tests). For the data
/// generators, bulk imports, group commits, the value recompute and the outbox. On SQLite, prepared INSERTs (parsed once);
/// on SQL Server, rows without a key to read back are collected and sent with <see cref="SqlBulkCopy"/> before anything
/// else runs in the writer (a statement, a keyed insert, the commit), so they are in place for whatever follows;
/// <see cref="FlushAsync"/> sends them when a joined transaction's owner is about to commit.
/// <see cref="NextIdAsync{T}"/> works only where <see cref="DatabaseDialect.AssignsIdsAhead"/>.
/// </summary>
public sealed class BulkWriter : IAsyncDisposable
{
    private const int BulkCopyBatch = 10_000;

    private readonly CrmDbContext db;
    private readonly DbTransaction transaction;
    private readonly bool ownsTransaction;
    private readonly bool sqlite;
    private readonly Dictionary<(Type, bool, bool), Insert> inserts = [];
    private readonly Dictionary<(Type Type, bool IncludeKey), List<object>> pending = [];

    private BulkWriter(CrmDbContext db, DbTransaction transaction, bool ownsTransaction)
    {
        this.db = db;
        this.transaction = transaction;
        this.ownsTransaction = ownsTransaction;
        sqlite = db.Database.IsSqlite();
    }

    /// <summary>Opens the connection and a transaction of the writer's own, committed by <see cref="CommitAsync"/>.</summary>
    public static async Task<BulkWriter> BeginAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(cancellationToken);
        return new BulkWriter(db, transaction, ownsTransaction: true);
    }

    /// <summary>Writes in the transaction EF has open on <paramref name="db"/>; its owner commits or rolls it back (after <see cref="FlushAsync"/>).</summary>
    public static BulkWriter Join(CrmDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Open a transaction on the context before joining it.");
        return new BulkWriter(db, transaction, ownsTransaction: false);
    }

    /// <summary>Writes in <paramref name="transaction"/> of <paramref name="db"/>'s connection (while EF commits it, say).</summary>
    public static BulkWriter Join(CrmDbContext db, DbTransaction transaction) => new(db, transaction, ownsTransaction: false);

    /// <summary>The next free id of a table whose key is a long (the writer holds the write lock, so it stays free).</summary>
    public async Task<long> NextIdAsync<T>(CancellationToken cancellationToken)
    {
        if (!DatabaseDialect.Of(db).AssignsIdsAhead)
        {
            throw new NotSupportedException("Ids are assigned ahead only on SQLite, whose single writer keeps them free.");
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX({sql.DelimitIdentifier(entity.FindPrimaryKey()!.Properties[0].GetColumnName())}), 0) + 1 " +
            $"FROM {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <param name="includeKey">False for tables whose database assigns the id.</param>
    public async Task WriteAsync<T>(T row, bool includeKey, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!sqlite)
        {
            if (!pending.TryGetValue((typeof(T), includeKey), out var rows))
            {
                rows = [];
                pending[(typeof(T), includeKey)] = rows;
            }

            rows.Add(row);
            if (rows.Count >= BulkCopyBatch)
            {
                await CopyAsync(typeof(T), includeKey, rows, cancellationToken);
            }

            return;
        }

        var insert = Prepared<T>(includeKey, returnIdentity: false);
        insert.Bind(row);
        await insert.Command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts a row whose key the database assigns and returns that key, so rows that reference it can follow in the same
    /// transaction: on SQLite the last inserted rowid, read by the native call (no statement); on SQL Server the
    /// statement's SCOPE_IDENTITY().
    /// </summary>
    public async Task<long> InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            await WriteAsync(row, includeKey: false, cancellationToken);
            return raw.sqlite3_last_insert_rowid(connection.Handle);
        }

        await FlushAsync(cancellationToken);
        var insert = Prepared<T>(includeKey: false, returnIdentity: true);
        insert.Bind(row);
        return Convert.ToInt64(await insert.Command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement (a DELETE before rewriting a table, say) in the writer's transaction, after the rows written so far.</summary>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object>? parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        await FlushAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sends the rows still collected (SQL Server); nothing to do on SQLite, which writes each row at once.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var ((type, includeKey), rows) in pending.Where(p => p.Value.Count > 0).ToList())
        {
            await CopyAsync(type, includeKey, rows, cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (!ownsTransaction)
        {
            throw new InvalidOperationException("The writer joined another's transaction: its owner commits.");
        }

        await FlushAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in inserts.Values)
        {
            await insert.Command.DisposeAsync();
        }

        if (ownsTransaction)
        {
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private Insert Prepared<T>(bool includeKey, bool returnIdentity)
    {
        var key = (typeof(T), includeKey, returnIdentity);
        if (!inserts.TryGetValue(key, out var insert))
        {
            insert = Insert.Prepare(db, transaction, db.Model.FindEntityType(typeof(T))!, includeKey, returnIdentity);
            inserts[key] = insert;
        }

        return insert;
    }

    private async Task CopyAsync(Type type, bool includeKey, List<object> rows, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(type)!;
        var columns = Columns(entity, includeKey);
        using var table = new DataTable();
        foreach (var (property, mapping) in columns)
        {
            var clrType = mapping.Converter?.ProviderClrType ?? property.ClrType;
            table.Columns.Add(property.GetColumnName(), Nullable.GetUnderlyingType(clrType) ?? clrType);
        }

        foreach (var row in rows)
        {
            table.Rows.Add([.. columns.Select(c => ProviderValue(c.Property, c.Mapping, row))]);
        }

        var options = SqlBulkCopyOptions.CheckConstraints | (includeKey ? SqlBulkCopyOptions.KeepIdentity : SqlBulkCopyOptions.Default);
        using var copy = new SqlBulkCopy((SqlConnection)db.Database.GetDbConnection(), options, (SqlTransaction)transaction)
        {
            DestinationTableName = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema()),
            BatchSize = BulkCopyBatch,
            BulkCopyTimeout = 600,
        };
        foreach (DataColumn column in table.Columns)
        {
            copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        await copy.WriteToServerAsync(table, cancellationToken);
        rows.Clear();
    }

    private static (IProperty Property, RelationalTypeMapping Mapping)[] Columns(IEntityType entity, bool includeKey) =>
        [.. entity.GetProperties()
            .Where(p => includeKey || !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
            .Select(p => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping()))];

    private static object ProviderValue(IProperty property, RelationalTypeMapping mapping, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        return value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
    }

    private sealed record Insert(DbCommand Command, (IProperty Property, RelationalTypeMapping Mapping, DbParameter Parameter)[] Columns)
    {
        public static Insert Prepare(CrmDbContext db, DbTransaction transaction, IEntityType entity, bool includeKey, bool returnIdentity)
        {
            var properties = BulkWriter.Columns(entity, includeKey);
            var sql = db.GetService<ISqlGenerationHelper>();
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.Property.GetColumnName())))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})" +
                (returnIdentity ? "; SELECT CAST(SCOPE_IDENTITY() AS bigint)" : "");
            var columns = properties.Select((p, i) =>
            {
                var parameter = p.Mapping.CreateParameter(command, $"@p{i}", null, nullable: true);
                command.Parameters.Add(parameter);
                return (p.Property, p.Mapping, parameter);
            }).ToArray();
            if (command is SqliteCommand)
            {
                // Parsed once per batch. SqlClient would insist on explicit sizes for every text parameter and gains little.
                command.Prepare();
            }

            return new Insert(command, columns);
        }

        public void Bind(object row)
        {
            foreach (var (property, mapping, parameter) in Columns)
            {
                parameter.Value = ProviderValue(property, mapping, row);
            }
        }
    }
}
