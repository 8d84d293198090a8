using System.Data.Common;
using Crm.Kernel.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Crm.Kernel.Data;

/// <summary>
/// Fast inserts for generated data on SQLite: one transaction, prepared INSERT commands built from the EF model (table,
/// column names, type mappings and value converters), so rows are stored exactly as EF would store them. For the data
/// generators, bulk imports and group commits of the modules; its output is compared with EF's in a test (Contacts'
/// generator tests).
/// </summary>
public sealed class SqliteBulkWriter : IAsyncDisposable
{
    private readonly CrmDbContext db;
    private readonly DbTransaction transaction;
    private readonly bool ownsTransaction;
    private readonly Dictionary<Type, Insert> inserts = [];

    private SqliteBulkWriter(CrmDbContext db, DbTransaction transaction, bool ownsTransaction)
    {
        this.db = db;
        this.transaction = transaction;
        this.ownsTransaction = ownsTransaction;
    }

    /// <summary>Opens the connection and a transaction of the writer's own, committed by <see cref="CommitAsync"/>.</summary>
    public static async Task<SqliteBulkWriter> BeginAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(cancellationToken);
        return new SqliteBulkWriter(db, transaction, ownsTransaction: true);
    }

    /// <summary>Writes in the transaction EF has open on <paramref name="db"/>; its owner commits or rolls it back.</summary>
    public static SqliteBulkWriter Join(CrmDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Open a transaction on the context before joining it.");
        return new SqliteBulkWriter(db, transaction, ownsTransaction: false);
    }

    /// <summary>The next free id of a table whose key is a long (the writer holds the write lock, so it stays free).</summary>
    public async Task<long> NextIdAsync<T>(CancellationToken cancellationToken)
    {
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
        if (!inserts.TryGetValue(typeof(T), out var insert))
        {
            insert = Insert.Prepare(db, transaction, db.Model.FindEntityType(typeof(T))!, includeKey);
            inserts[typeof(T)] = insert;
        }

        insert.Bind(row);
        await insert.Command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts a row whose key the database assigns and returns that key (SQLite's last inserted rowid, read by the
    /// native call: no statement), so rows that reference it can follow in the same transaction.
    /// </summary>
    public async Task<long> InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        await WriteAsync(row, includeKey: false, cancellationToken);
        return raw.sqlite3_last_insert_rowid(((SqliteConnection)db.Database.GetDbConnection()).Handle);
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
        public static Insert Prepare(CrmDbContext db, DbTransaction transaction, IEntityType entity, bool includeKey)
        {
            var properties = entity.GetProperties()
                .Where(p => includeKey || !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
                .ToArray();
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
            var columns = properties.Select((p, i) =>
            {
                var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, $"@p{i}", null, nullable: true);
                command.Parameters.Add(parameter);
                return (p, mapping, parameter);
            }).ToArray();
            command.Prepare();
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
