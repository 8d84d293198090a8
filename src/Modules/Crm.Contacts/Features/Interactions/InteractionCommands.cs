using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Interactions;

/// <summary>
/// Records contacts with a customer on the CCR timeline (every role may log them) and corrects them (the person who
/// logged it, a Manager or an Admin). Keeps the customer's last-contact time current.
/// </summary>
internal sealed class InteractionCommands(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    private readonly InteractionInputValidator validator = new(clock);

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
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else changed this interaction since you opened it. Reload and try again.");
        }

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

        var interaction = new Interaction
        {
            CustomerId = entry.CustomerId,
            Channel = entry.Channel,
            Direction = entry.Direction,
            Type = entry.Type,
            OccurredAtUtc = entry.OccurredAtUtc,
            DurationSeconds = durationSeconds,
            Subject = entry.Subject,
            Notes = entry.Notes,
            Outcome = entry.Outcome,
            HandledBy = entry.HandledBy ?? currentUser.ActorId,
            OrderId = entry.OrderId,
            CaseId = entry.CaseId,
            CampaignId = entry.CampaignId,
        };
        db.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        await TouchLastContactAsync(db, entry.CustomerId, entry.OccurredAtUtc, cancellationToken);
        return interaction.Id;
    }

    /// <summary>
    /// Bulk form of <see cref="RecordAsync"/> for imports and generators: one transaction, no per-row round trips (the
    /// SQLite bulk writer on SQLite), then one set-based update of the customers' last-contact times.
    /// Unknown customers make the whole call fail with <see cref="NotFoundException"/> before anything is written.
    /// </summary>
    internal async Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customerIds = entries.Select(e => e.CustomerId).Distinct().ToList();
        foreach (var chunk in customerIds.Chunk(500))
        {
            var known = await db.Set<Customer>().CountAsync(c => chunk.Contains(c.Id), cancellationToken);
            if (known != chunk.Length)
            {
                var found = await db.Set<Customer>().Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
                throw new NotFoundException($"No customer with id {chunk.Except(found).First()}.");
            }
        }

        var rows = entries.Select(entry => new Interaction
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
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            ModifiedAtUtc = clock.GetUtcNow().UtcDateTime,
            CreatedBy = currentUser.ActorId,
            ModifiedBy = currentUser.ActorId,
            Version = Guid.NewGuid(),
        }).ToList();

        if (db.Database.IsSqlite())
        {
            await using var writer = await SqliteBulkWriter.BeginAsync(db, cancellationToken);
            foreach (var row in rows)
            {
                await writer.WriteAsync(row, includeKey: false, cancellationToken);
            }

            await writer.CommitAsync(cancellationToken);
        }
        else
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var chunk in customerIds.Chunk(500))
        {
            await db.Set<Customer>().Where(c => chunk.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastContactAtUtc,
                    c => db.Set<Interaction>().Where(i => i.CustomerId == c.Id).Max(i => (DateTime?)i.OccurredAtUtc)), cancellationToken);
        }

        return rows.Count;
    }

    // A set-based update: it does not count as an edit of the customer (no version change, no audit entry).
    private static async Task TouchLastContactAsync(CrmDbContext db, long customerId, DateTime occurredAtUtc, CancellationToken cancellationToken) =>
        await db.Set<Customer>()
            .Where(c => c.Id == customerId && (c.LastContactAtUtc == null || c.LastContactAtUtc < occurredAtUtc))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastContactAtUtc, occurredAtUtc), cancellationToken);

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
