using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Contacts.Features.Interactions.Writing;

/// <summary>
/// Writes timeline entries and keeps the customers' last-contact times current: one entry for a person logging a contact,
/// many at once for imports, generators and the contacts other modules report. Whether an entry may be written (who,
/// which fields) is the caller's: the log and correct handlers, and <see cref="InteractionLog"/> for other modules.
/// </summary>
internal sealed class InteractionWriter(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>The contact another module reports (through <see cref="IInteractionLog"/>), as one entry.</summary>
    public Task<long> RecordAsync(InteractionEntry entry, CancellationToken cancellationToken) =>
        RecordAsync(Interaction.From(entry, currentUser.ActorId), cancellationToken);

    /// <summary>
    /// The one place a single interaction is written: the entry and the customer's last-contact time in one commit.
    /// Throws <see cref="NotFoundException"/> for an unknown customer.
    /// </summary>
    public async Task<long> RecordAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == interaction.CustomerId, cancellationToken))
        {
            throw new NotFoundException($"No customer with id {interaction.CustomerId}.");
        }

        // The entry and the customer's last-contact time in one transaction (one commit).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            interaction.Id = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(interaction);
            await db.SaveChangesAsync(ct);
            await TouchLastContactAsync(db, interaction.CustomerId, interaction.OccurredAtUtc, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        return interaction.Id;
    }

    /// <summary>
    /// Bulk form of <see cref="RecordAsync"/> for imports and generators: one transaction, no per-row round trips (the
    /// kernel's bulk writer), then one set-based update of the customers' last-contact times.
    /// Unknown customers make the whole call fail with <see cref="NotFoundException"/> before anything is written.
    /// </summary>
    public async Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customerIds = await EnsureCustomersAsync(db, entries, cancellationToken);
        // The entries and the last-contact times in one transaction: one commit for the whole call.
        await using var writer = await BulkWriter.BeginAsync(db, cancellationToken);
        await WriteAsync(writer, db, entries, customerIds, cancellationToken);
        await writer.CommitAsync(cancellationToken);
        return entries.Count;
    }

    /// <summary>
    /// The entries through <paramref name="db"/>, inside its open transaction (the reported-interactions handler commits
    /// them with its idempotency records); the audit columns name the context's user.
    /// </summary>
    public async Task<int> RecordManyAsync(CrmDbContext db, IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Open a transaction on the context first: the entries commit with the caller's change.");
        }

        if (entries.Count == 0)
        {
            return 0;
        }

        var customerIds = await EnsureCustomersAsync(db, entries, cancellationToken);
        await using var writer = BulkWriter.Join(db);
        await WriteAsync(writer, db, entries, customerIds, cancellationToken);
        return entries.Count;
    }

    /// <summary>The entries through prepared INSERTs, then the customers' last-contact times from their timelines.</summary>
    private async Task WriteAsync(BulkWriter writer, CrmDbContext db, IReadOnlyList<InteractionEntry> entries, List<long> customerIds,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in entries)
        {
            // The bulk writer bypasses EF's audit interceptor: the audit columns are filled here.
            var row = Interaction.From(entry, currentUser.ActorId);
            row.StampCreated(now, currentUser.ActorId);
            await writer.WriteAsync(row, includeKey: false, cancellationToken);
        }

        var sql = LastContactFromTimelineSql(db);
        foreach (var chunk in customerIds.Chunk(10_000))
        {
            await writer.ExecuteAsync(sql, new Dictionary<string, object> { ["@ids"] = JsonSerializer.Serialize(chunk) }, cancellationToken);
        }
    }

    /// <summary>The distinct customers of the entries; throws <see cref="NotFoundException"/> naming the first unknown one.</summary>
    private static async Task<List<long>> EnsureCustomersAsync(CrmDbContext db, IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
    {
        var customerIds = entries.Select(e => e.CustomerId).Distinct().ToList();
        foreach (var chunk in customerIds.Chunk(500))
        {
            // The ids as one JSON parameter: the same SQL for any count, so EF reuses its SQL (every order placed runs this).
            var known = await db.Set<Customer>().CountAsync(c => EF.Parameter(chunk).Contains(c.Id), cancellationToken);
            if (known != chunk.Length)
            {
                var found = await db.Set<Customer>().Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
                throw new NotFoundException($"No customer with id {chunk.Except(found).First()}.");
            }
        }

        return customerIds;
    }

    /// <summary>Sets the last-contact time of the customers in the JSON array <c>@ids</c> from their timelines.</summary>
    private static string LastContactFromTimelineSql(CrmDbContext db)
    {
        var customer = db.Model.FindEntityType(typeof(Customer))!;
        var interaction = db.Model.FindEntityType(typeof(Interaction))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(Microsoft.EntityFrameworkCore.Metadata.IEntityType entity, string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        var customers = sql.DelimitIdentifier(customer.GetTableName()!, customer.GetSchema());
        return $"UPDATE {customers} SET {Column(customer, nameof(Customer.LastContactAtUtc))} = " +
            $"(SELECT MAX(i.{Column(interaction, nameof(Interaction.OccurredAtUtc))}) FROM {sql.DelimitIdentifier(interaction.GetTableName()!, interaction.GetSchema())} i " +
            $"WHERE i.{Column(interaction, nameof(Interaction.CustomerId))} = {customers}.{Column(customer, nameof(Customer.Id))}) " +
            $"WHERE {Column(customer, nameof(Customer.Id))} IN ({DatabaseDialect.Of(db).IdsOfJsonArray("@ids")})";
    }

    /// <summary>
    /// A set-based update: it does not count as an edit of the customer (no version change, no audit entry). Plain SQL
    /// with the model's names and EF's type mapping for the time: LINQ's ExecuteUpdate was translated again on every call.
    /// </summary>
    public static async Task TouchLastContactAsync(CrmDbContext db, long customerId, DateTime occurredAtUtc, CancellationToken cancellationToken)
    {
        var customer = db.Model.FindEntityType(typeof(Customer))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var lastContact = customer.FindProperty(nameof(Customer.LastContactAtUtc))!;
        var column = sql.DelimitIdentifier(lastContact.GetColumnName());
        var id = sql.DelimitIdentifier(customer.FindProperty(nameof(Customer.Id))!.GetColumnName());
        var mapping = (RelationalTypeMapping)lastContact.GetRelationalTypeMapping();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = mapping.CreateParameter(command, "lastContact", occurredAtUtc, nullable: false);
        var statement = $"UPDATE {sql.DelimitIdentifier(customer.GetTableName()!, customer.GetSchema())} SET {column} = {{0}} " +
            $"WHERE {id} = {{1}} AND ({column} IS NULL OR {column} < {{0}})";
        await db.Database.ExecuteSqlRawAsync(statement, [parameter, customerId], cancellationToken);
    }
}
