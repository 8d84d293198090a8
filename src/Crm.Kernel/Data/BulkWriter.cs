using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Crm.Kernel.Data;

/// <summary>
/// Fast inserts: prepared INSERT commands built from the EF model (table, column names, type mappings and value
/// converters), so rows are stored exactly as EF would store them, in one transaction. For the data generators, bulk
/// imports, group commits and the outbox; its output is compared with EF's in a test (Contacts' generator tests). Works
/// on both providers except <see cref="NextIdAsync{T}"/>, which only SQLite's single writer makes safe.
/// </summary>
public sealed class BulkWriter : IAsyncDisposable
{
    private readonly CrmDbContext db;
    private readonly DbTransaction transaction;
    private readonly bool ownsTransaction;
    private readonly Dictionary<(Type, bool, bool), Insert> inserts = [];

    private BulkWriter(CrmDbContext db, DbTransaction transaction, bool ownsTransaction)
    {
        this.db = db;
        this.transaction = transaction;
        this.ownsTransaction = ownsTransaction;
    }

    /// <summary>Opens the connection and a transaction of the writer's own, committed by <see cref="CommitAsync"/>.</summary>
    public static async Task<BulkWriter> BeginAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(cancellationToken);
        return new BulkWriter(db, transaction, ownsTransaction: true);
    }

    /// <summary>Writes in the transaction EF has open on <paramref name="db"/>; its owner commits or rolls it back.</summary>
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
        if (!db.Database.IsSqlite())
        {
            throw new NotSupportedException("Ids are assigned ahead only on SQLite, whose single writer keeps them free.");
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX(\"{entity.FindPrimaryKey()!.Properties[0].GetColumnName()}\"), 0) + 1 FROM \"{entity.GetTableName()}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <param name="includeKey">False for tables whose database assigns the id.</param>
    public async Task WriteAsync<T>(T row, bool includeKey, CancellationToken cancellationToken)
        where T : class
    {
        var insert = Prepared<T>(includeKey, returnIdentity: false);
        insert.Bind(row);
        await insert.Command.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>
    /// Inserts a row whose key the database assigns and returns that key, so rows that reference it can follow in the same
    /// transaction: on SQLite the last inserted rowid, read by the native call (no statement); on SQL Server the
    /// statement's SCOPE_IDENTITY().
    /// </summary>
    public async Task<long> InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await WriteAsync(row, includeKey: false, cancellationToken);
            return raw.sqlite3_last_insert_rowid(sqlite.Handle);
        }

        var insert = Prepared<T>(includeKey: false, returnIdentity: true);
        insert.Bind(row);
        return Convert.ToInt64(await insert.Command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement (a DELETE before rewriting a table, say) in the writer's transaction.</summary>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object>? parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
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

    public Task CommitAsync(CancellationToken cancellationToken) => ownsTransaction
        ? transaction.CommitAsync(cancellationToken)
        : throw new InvalidOperationException("The writer joined another's transaction: its owner commits.");

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

    private sealed record Insert(DbCommand Command, (IProperty Property, RelationalTypeMapping Mapping, DbParameter Parameter)[] Columns)
    {
        public static Insert Prepare(CrmDbContext db, DbTransaction transaction, IEntityType entity, bool includeKey, bool returnIdentity)
        {
            var properties = entity.GetProperties()
                .Where(p => includeKey || !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
                .ToArray();
            var sql = db.GetService<ISqlGenerationHelper>();
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName())))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})" +
                (returnIdentity ? "; SELECT CAST(SCOPE_IDENTITY() AS bigint)" : "");
            var columns = properties.Select((p, i) =>
            {
                var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, $"@p{i}", null, nullable: true);
                command.Parameters.Add(parameter);
                return (p, mapping, parameter);
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
                var value = property.GetGetter().GetClrValue(row);
                parameter.Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
            }
        }
    }
}
