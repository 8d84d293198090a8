using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers;
using Crm.Contacts.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Contacts.Features.Privacy;

/// <summary>
/// The customer's privacy rights, for Managers and Admins: export everything the CCR holds about one customer (JSON),
/// and erase a customer's personal data everywhere in the CCR while the aggregate figures (how many contacts, when, on
/// which channel, of which type) stay.
/// </summary>
/// <remarks>
/// What erase does, in one transaction: the customer row keeps its id, kind, owner, company link, dates and last contact,
/// but its names become "Erased customer {id}" and every other personal field is cleared; its emails, phones, addresses,
/// tags, consents and remembered preference facts are deleted; it is deactivated and marked "do not contact". Its interactions stay (channel, type,
/// direction, time, duration, handler and links to orders, cases and campaigns) but lose subject text, notes and outcome.
/// Its audit entries keep action, time and actor but lose their old and new values, and one "Erased" entry records who
/// erased it and when. Stored responses of idempotent API calls about the customer lose their body (the key stays, so a
/// retry does not create the customer again).
/// Contact people of an erased company keep their own data and their link to the company: the link is an id and
/// holds no personal data of anyone.
/// </remarks>
internal sealed class CustomerPrivacy(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ILogger<CustomerPrivacy> logger)
{
    public const string ErasedSubject = "(erased)";

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string ErasedName(long customerId) => string.Create(CultureInfo.InvariantCulture, $"Erased customer {customerId}");

    /// <summary>Everything the CCR holds about the customer, as an indented UTF-8 JSON document.</summary>
    public async Task<byte[]> ExportAsync(long customerId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var c = await CustomerStore.LoadAsync(db, customerId, cancellationToken);

        var interactions = await db.Set<Interaction>().AsNoTracking()
            .Where(i => i.CustomerId == customerId)
            .OrderBy(i => i.OccurredAtUtc).ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        var audit = await db.Set<ContactsAuditEntry>().AsNoTracking()
            .Where(a => a.CustomerId == customerId)
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        var facts = await db.Set<PreferenceFact>().AsNoTracking()
            .Where(f => f.CustomerId == customerId)
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);
        var contactPeople = c.Kind == CustomerKind.Company
            ? await db.Set<Customer>().AsNoTracking()
                .Where(p => p.CompanyId == customerId)
                .OrderBy(p => p.SearchName).ThenBy(p => p.Id)
                .Select(p => new ExportedContactPerson(p.Id, p.DisplayName))
                .ToListAsync(cancellationToken)
            : [];
        var company = c.CompanyId is { } companyId
            ? await db.Set<Customer>().AsNoTracking()
                .Where(x => x.Id == companyId)
                .Select(x => new ExportedContactPerson(x.Id, x.DisplayName))
                .SingleOrDefaultAsync(cancellationToken)
            : null;

        var export = new CustomerExport(
            Now(),
            currentUser.ActorId,
            new ExportedCustomer(
                c.Id, c.Kind, c.FirstName, c.LastName, c.CompanyName, c.JobTitle, c.DisplayName, c.SearchName, c.CompanyId,
                c.Website, c.Industry, c.Source, c.OwnerId, c.Notes, c.ExternalId, c.IsActive, c.DoNotContact, c.PrimaryEmail,
                c.PrimaryPhone, c.City, c.Country, c.LastContactAtUtc, c.CreatedAtUtc, c.CreatedBy, c.ModifiedAtUtc, c.ModifiedBy,
                c.Version),
            [.. c.Emails.Select(e => new ExportedEmail(e.Address, e.Label))],
            [.. c.Phones.Select(p => new ExportedPhone(p.Number, p.Label))],
            [.. c.Addresses.Select(a => new ExportedAddress(a.Label, a.Street, a.PostalCode, a.City, a.Region, a.Country))],
            [.. c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)],
            [.. c.Consents.OrderBy(x => x.Channel).Select(x => new ConsentDto(x.Channel, x.Granted, x.RecordedAtUtc, x.Source))],
            company,
            contactPeople,
            [.. interactions.Select(i => new ExportedInteraction(
                i.Id, i.Channel, i.Direction, i.Type, i.OccurredAtUtc, i.DurationSeconds, i.Subject, i.Notes, i.Outcome, i.HandledBy,
                i.OrderId, i.CaseId, i.CampaignId, i.CreatedAtUtc, i.CreatedBy, i.ModifiedAtUtc, i.ModifiedBy))],
            [.. audit.Select(a => new ExportedAuditEntry(a.Id, a.AtUtc, a.ActorId, a.Action, AuditTrail.Read(a.Changes)))],
            [.. facts.Select(f => new ExportedPreferenceFact(f.Id, f.Category, f.Value, f.Source, f.NotedOn, f.CreatedAtUtc, f.CreatedBy, f.ModifiedAtUtc, f.ModifiedBy))]);
        return JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
    }

    /// <summary>
    /// Erases the customer's personal data (see the class remarks). <paramref name="expectedVersion"/> is the version the
    /// caller read; if the customer changed since, nothing is erased and a <see cref="ConflictException"/> says so.
    /// </summary>
    public async Task EraseAsync(long customerId, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The provider's way to leave no readable copy of the erased values behind (on SQLite: overwrite, compact, empty
        // the write-ahead log), around the erase's own transaction.
        await DatabaseDialect.Of(db).EraseAsync(db, () => db.Database.CreateExecutionStrategy()
            .ExecuteAsync(() => EraseInTransactionAsync(db, customerId, expectedVersion, cancellationToken)), logger, cancellationToken);
    }

    private async Task EraseInTransactionAsync(CrmDbContext db, long customerId, Guid expectedVersion, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await CustomerStore.LoadAsync(db, customerId, cancellationToken);
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;

        var name = ErasedName(customerId);
        customer.FirstName = null;
        customer.LastName = customer.Kind == CustomerKind.Person ? name : null;
        customer.CompanyName = customer.Kind == CustomerKind.Company ? name : null;
        customer.DisplayName = name;
        customer.SearchName = ContactNormalizer.SearchKey(name);
        customer.JobTitle = null;
        customer.Website = null;
        customer.Industry = null;
        customer.Source = null;
        customer.Notes = null;
        customer.ExternalId = null;
        customer.PrimaryEmail = null;
        customer.PrimaryPhone = null;
        customer.City = null;
        customer.Country = null;
        customer.IsActive = false;
        customer.DoNotContact = true;
        db.RemoveRange(customer.Emails);
        db.RemoveRange(customer.Phones);
        db.RemoveRange(customer.Addresses);
        db.RemoveRange(customer.Tags);
        db.RemoveRange(customer.Consents);
        // Always update the customer row, so the version check applies even to a customer erased before.
        db.Entry(customer).Property(c => c.ModifiedAtUtc).IsModified = true;
        await db.SaveOrConflictAsync("Someone else changed this customer since you opened it. Reload, check, and erase again.", cancellationToken);

        var now = Now();
        var actor = currentUser.ActorId;
        await db.Set<PreferenceFact>().Where(f => f.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        var interactionVersion = Guid.NewGuid();
        await db.Set<Interaction>()
            .Where(i => i.CustomerId == customerId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Subject, ErasedSubject)
                .SetProperty(i => i.Notes, (string?)null)
                .SetProperty(i => i.Outcome, (string?)null)
                .SetProperty(i => i.ModifiedAtUtc, now)
                .SetProperty(i => i.ModifiedBy, actor)
                .SetProperty(i => i.Version, interactionVersion), cancellationToken);

        await db.Set<ContactsAuditEntry>()
            .Where(a => a.CustomerId == customerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Changes, "[]"), cancellationToken);
        db.Add(new ContactsAuditEntry { CustomerId = customerId, Action = "Erased", ActorId = actor, AtUtc = now, Changes = "[]" });
        await db.SaveChangesAsync(cancellationToken);

        // A creating API call sent with an Idempotency-Key keeps its response (the customer or interaction as JSON) for
        // replays. Drop the body but keep the key, so a retry cannot bring the erased customer back.
        var resource = string.Create(CultureInfo.InvariantCulture, $"/api/v1/customers/{customerId}");
        var below = resource + "/";
        await db.IdempotencyRecords
            .Where(r => r.ResponseBody != null
                && ((r.Location != null && (r.Location.EndsWith(resource) || r.Location.Contains(below))) || r.Scope.Contains(below)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResponseBody, (byte[]?)null), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

internal sealed record CustomerExport(
    DateTime ExportedAtUtc,
    string ExportedBy,
    ExportedCustomer Customer,
    IReadOnlyList<ExportedEmail> Emails,
    IReadOnlyList<ExportedPhone> Phones,
    IReadOnlyList<ExportedAddress> Addresses,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ConsentDto> Consents,
    ExportedContactPerson? Company,
    IReadOnlyList<ExportedContactPerson> ContactPeople,
    IReadOnlyList<ExportedInteraction> Interactions,
    IReadOnlyList<ExportedAuditEntry> AuditTrail,
    IReadOnlyList<ExportedPreferenceFact> PreferenceFacts);

internal sealed record ExportedPreferenceFact(
    long Id, PreferenceCategory Category, string Value, PreferenceSource Source, DateOnly NotedOn, DateTime CreatedAtUtc, string CreatedBy,
    DateTime ModifiedAtUtc, string ModifiedBy);

internal sealed record ExportedCustomer(
    long Id,
    CustomerKind Kind,
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string? JobTitle,
    string DisplayName,
    string SearchName,
    long? CompanyId,
    string? Website,
    string? Industry,
    string? Source,
    string? OwnerId,
    string? Notes,
    string? ExternalId,
    bool IsActive,
    bool DoNotContact,
    string? PrimaryEmail,
    string? PrimaryPhone,
    string? City,
    string? Country,
    DateTime? LastContactAtUtc,
    DateTime CreatedAtUtc,
    string CreatedBy,
    DateTime ModifiedAtUtc,
    string ModifiedBy,
    Guid Version);

internal sealed record ExportedEmail(string Address, string? Label);

internal sealed record ExportedPhone(string Number, string? Label);

internal sealed record ExportedAddress(string? Label, string? Street, string? PostalCode, string? City, string? Region, string? Country);

internal sealed record ExportedContactPerson(long Id, string DisplayName);

internal sealed record ExportedInteraction(
    long Id,
    Channel Channel,
    InteractionDirection Direction,
    InteractionType Type,
    DateTime OccurredAtUtc,
    int? DurationSeconds,
    string Subject,
    string? Notes,
    string? Outcome,
    string? HandledBy,
    string? OrderId,
    string? CaseId,
    string? CampaignId,
    DateTime CreatedAtUtc,
    string CreatedBy,
    DateTime ModifiedAtUtc,
    string ModifiedBy);

internal sealed record ExportedAuditEntry(long Id, DateTime AtUtc, string ActorId, string Action, IReadOnlyList<AuditTrail.FieldChange> Changes);
