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

namespace Crm.Contacts.Features.Interactions;

/// <summary>
/// Records contacts with a customer on the CCR timeline (every role may log them) and corrects them (the person who
/// logged it, a Manager or an Admin). Keeps the customer's last-contact time current.
/// </summary>
internal sealed class InteractionCommands(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, InteractionInputValidator validator)
{
    public async Task<(long? Id, OperationResult Result)> LogAsync(long customerId, InteractionInput input, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return (null, validation);
        }

        var id = await RecordAsync(new InteractionEntry(customerId, input.Channel, input.Direction, input.Type,
            input.OccurredAtUtc ?? clock.GetUtcNow().UtcDateTime, input.Subject.Trim(), Blank(input.Notes), Blank(input.Outcome),
            currentUser.ActorId, Blank(input.OrderId), Blank(input.CaseId), Blank(input.CampaignId)), input.DurationSeconds, cancellationToken);
        return (id, OperationResult.Success);
    }

    public async Task<OperationResult> UpdateAsync(long customerId, long interactionId, InteractionInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var interaction = await db.Set<Interaction>().SingleOrDefaultAsync(i => i.Id == interactionId && i.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no interaction {interactionId}.");
        if (!ContactsAccess.IsManagerOrAdmin(currentUser) && interaction.CreatedBy != currentUser.ActorId)
        {
            throw new ForbiddenException("Only the person who logged this interaction, a Manager or an Admin may change it.");
        }

        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return validation;
        }

        db.Entry(interaction).Property(i => i.Version).OriginalValue = expectedVersion;
        interaction.Channel = input.Channel;
        interaction.Direction = input.Direction;
        interaction.Type = input.Type;
        interaction.OccurredAtUtc = input.OccurredAtUtc ?? interaction.OccurredAtUtc;
        interaction.DurationSeconds = input.DurationSeconds;
        interaction.Subject = input.Subject.Trim();
        interaction.Notes = Blank(input.Notes);
        interaction.Outcome = Blank(input.Outcome);
        interaction.OrderId = Blank(input.OrderId);
        interaction.CaseId = Blank(input.CaseId);
        interaction.CampaignId = Blank(input.CampaignId);
        db.Entry(interaction).Property(i => i.ModifiedAtUtc).IsModified = true;
        await db.SaveOrConflictAsync("Someone else changed this interaction since you opened it. Reload and try again.", cancellationToken);

        await TouchLastContactAsync(db, customerId, interaction.OccurredAtUtc, cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>The one place an interaction is written (for people here, for other modules through <see cref="IInteractionLog"/>).</summary>
    internal async Task<long> RecordAsync(InteractionEntry entry, int? durationSeconds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == entry.CustomerId, cancellationToken))
        {
            throw new NotFoundException($"No customer with id {entry.CustomerId}.");
        }

        var interaction = NewRow(entry);
        interaction.DurationSeconds = durationSeconds;
        // The entry and the customer's last-contact time in one transaction (one commit).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            interaction.Id = 0;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(interaction);
            await db.SaveChangesAsync(ct);
            await TouchLastContactAsync(db, entry.CustomerId, entry.OccurredAtUtc, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        return interaction.Id;
    }

    /// <summary>
    /// Bulk form of <see cref="RecordAsync"/> for imports and generators: one transaction, no per-row round trips (the
    /// kernel's bulk writer), then one set-based update of the customers' last-contact times.
    /// Unknown customers make the whole call fail with <see cref="NotFoundException"/> before anything is written.
    /// </summary>
    internal async Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
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
    internal async Task<int> RecordManyAsync(CrmDbContext db, IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
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
            var row = NewRow(entry);
            row.StampCreated(now, currentUser.ActorId);
            await writer.WriteAsync(row, includeKey: false, cancellationToken);
        }

        var sql = LastContactFromTimelineSql(db);
        foreach (var chunk in customerIds.Chunk(10_000))
        {
            await writer.ExecuteAsync(sql, new Dictionary<string, object> { ["@ids"] = JsonSerializer.Serialize(chunk) }, cancellationToken);
        }
    }

    private Interaction NewRow(InteractionEntry entry) => new()
    {
        CustomerId = entry.CustomerId,
        Channel = entry.Channel,
        Direction = entry.Direction,
        Type = entry.Type,
        OccurredAtUtc = entry.OccurredAtUtc,
        Subject = entry.Subject,
        Notes = entry.Notes,
        Outcome = entry.Outcome,
        HandledBy = entry.HandledBy ?? currentUser.ActorId,
        OrderId = entry.OrderId,
        CaseId = entry.CaseId,
        CampaignId = entry.CampaignId,
    };

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
    private static async Task TouchLastContactAsync(CrmDbContext db, long customerId, DateTime occurredAtUtc, CancellationToken cancellationToken)
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

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The contract other modules use to put their contacts (orders, cases, campaign responses) on the timeline.</summary>
internal sealed class InteractionLog(InteractionCommands commands) : IInteractionLog
{
    public Task<long> RecordAsync(InteractionEntry entry, CancellationToken cancellationToken = default) =>
        commands.RecordAsync(entry, null, cancellationToken);

    public Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken = default) =>
        commands.RecordManyAsync(entries, cancellationToken);
}
