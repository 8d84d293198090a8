using System.Globalization;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Merge;

/// <summary>
/// Merges two customers who are the same one, for Managers and Admins: the survivor keeps what the manager chose and
/// gets everything else of the merged customer; the merged customer is deleted.
/// </summary>
/// <remarks>
/// The rules, all in one transaction:
/// <list type="bullet">
/// <item>Single-valued fields (<see cref="MergeField"/>) keep the survivor's value unless the choices take the merged
/// customer's; the survivor keeps its kind, and its display and search names follow the chosen names.</item>
/// <item>Emails, phones and tags become the union (no duplicates); the survivor's primary email and phone stay primary
/// (the merged customer's become primary only when the survivor had none).</item>
/// <item>Consent: per channel, the more recently recorded one wins. "Do not contact" stays on if either customer asked for it.</item>
/// <item>Every interaction of the merged customer, and every contact person of a merged company, moves to the survivor
/// (their versions change, and each moved person gets an audit entry for the new company link). Last contact becomes
/// the later of the two.</item>
/// <item>The merged customer is deleted, not kept as a tombstone: nothing points to it any more inside Contacts, and
/// other modules re-point their plain ids when they receive <see cref="CustomersMerged"/>, published after the commit.
/// Its audit entries are re-pointed to the survivor, so the survivor's history shows them, a privacy export of the
/// survivor includes them and a privacy erase of the survivor clears them (no personal data is left behind under an id
/// nobody can open). The survivor gets one "Merged" entry naming the merged customer (id and name), the field values
/// that changed (old and new) and how many interactions and contact people moved.</item>
/// <item>Refused: merging a customer with itself; a company that has contact people into a person (they would lose their
/// company link: merge it into the other company, or move the people first); choices that leave the survivor without a
/// name, or give a company a company link. Both versions must be the ones the manager read, or nothing changes and a
/// <see cref="ConflictException"/> says so.</item>
/// </list>
/// Done with the survivor's id, or Invalid naming what was refused (nothing changed).
/// </remarks>
internal sealed class CustomerMerge(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public const string AuditAction = "Merged";

    public async Task<CommandResult<long>> MergeAsync(
        long survivorId, long mergedId, MergeChoices choices, Guid survivorVersion, Guid mergedVersion,
        CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureManager(currentUser);
        if (survivorId == mergedId)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(MergeCustomersRequest.MergedId), "A customer cannot be merged with itself. Choose two different customers."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(() =>
            MergeInTransactionAsync(db, survivorId, mergedId, choices, survivorVersion, mergedVersion, cancellationToken));
    }

    private async Task<CommandResult<long>> MergeInTransactionAsync(
        CrmDbContext db, long survivorId, long mergedId, MergeChoices choices, Guid survivorVersion, Guid mergedVersion,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var survivor = await CustomerStore.LoadAsync(db, survivorId, cancellationToken);
        var merged = await CustomerStore.LoadAsync(db, mergedId, cancellationToken);

        var problems = await ProblemsAsync(db, survivor, merged, choices, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        // 1. Check both versions and lock both rows for the rest of the transaction, before anything moves: an
        //    interaction logged meanwhile on the merged customer waits for the merge and then fails, instead of being lost.
        db.Entry(survivor).Property(c => c.Version).OriginalValue = survivorVersion;
        db.Entry(merged).Property(c => c.Version).OriginalValue = mergedVersion;
        db.Entry(survivor).Property(c => c.ModifiedAtUtc).IsModified = true;
        merged.IsActive = false;
        db.Entry(merged).Property(c => c.ModifiedAtUtc).IsModified = true;
        await SaveOrConflictAsync(db, cancellationToken);

        // 2. Move what belongs to the merged customer (set-based; interactions and remembered facts would otherwise be deleted with it).
        var now = Now();
        var actor = currentUser.ActorId;
        var movedVersion = Guid.NewGuid();
        var movedInteractions = await db.Set<Interaction>()
            .Where(i => i.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.CustomerId, survivorId)
                .SetProperty(i => i.ModifiedAtUtc, now)
                .SetProperty(i => i.ModifiedBy, actor)
                .SetProperty(i => i.Version, movedVersion), cancellationToken);

        await db.Set<PreferenceFact>()
            .Where(f => f.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.CustomerId, survivorId)
                .SetProperty(f => f.ModifiedAtUtc, now)
                .SetProperty(f => f.ModifiedBy, actor)
                .SetProperty(f => f.Version, movedVersion), cancellationToken);

        var contactPeople = await db.Set<Customer>().Where(c => c.CompanyId == mergedId).Select(c => c.Id).ToListAsync(cancellationToken);
        if (contactPeople.Count > 0)
        {
            await db.Set<Customer>()
                .Where(c => c.CompanyId == mergedId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.CompanyId, survivorId)
                    .SetProperty(c => c.ModifiedAtUtc, now)
                    .SetProperty(c => c.ModifiedBy, actor)
                    .SetProperty(c => c.Version, movedVersion), cancellationToken);
            var change = JsonSerializer.Serialize(new[] { new AuditTrail.FieldChange("CompanyId", Text(mergedId), Text(survivorId)) });
            db.AddRange(contactPeople.Select(id => new ContactsAuditEntry
            {
                CustomerId = id,
                Action = "Updated",
                ActorId = actor,
                AtUtc = now,
                Changes = change,
            }));
        }

        await db.Set<ContactsAuditEntry>()
            .Where(a => a.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CustomerId, survivorId), cancellationToken);

        // 3. Delete the merged customer (its emails, phones, addresses, tags and consents go with it), so its external id is free.
        var before = AuditTrail.Snapshot(survivor);
        var mergedSnapshot = Snapshot(merged);
        db.Remove(merged);
        await SaveOrConflictAsync(db, cancellationToken);

        // 4. The survivor takes the chosen values and the union of the rest.
        Apply(survivor, mergedSnapshot, choices);
        db.Entry(survivor).Property(c => c.ModifiedAtUtc).IsModified = true;

        var changes = new List<AuditTrail.FieldChange>
        {
            new("MergedCustomer", null, $"{Text(mergedSnapshot.Id)} {mergedSnapshot.DisplayName}"),
        };
        var after = AuditTrail.Snapshot(survivor);
        changes.AddRange(after
            .Where(kv => !string.Equals(before.GetValueOrDefault(kv.Key) ?? "", kv.Value ?? "", StringComparison.Ordinal))
            .Select(kv => new AuditTrail.FieldChange(kv.Key, before.GetValueOrDefault(kv.Key), kv.Value)));
        if (mergedSnapshot.LastContactAtUtc is { } lastContact && (survivor.LastContactAtUtc is null || survivor.LastContactAtUtc < lastContact))
        {
            changes.Add(new AuditTrail.FieldChange("LastContactAtUtc", Iso(survivor.LastContactAtUtc), Iso(lastContact)));
            survivor.LastContactAtUtc = lastContact;
        }

        changes.Add(new AuditTrail.FieldChange("MovedInteractions", null, Text(movedInteractions)));
        if (contactPeople.Count > 0)
        {
            changes.Add(new AuditTrail.FieldChange("MovedContactPeople", null, string.Join(", ", contactPeople.Select(Text))));
        }

        db.Add(new ContactsAuditEntry
        {
            CustomerId = survivorId,
            Action = AuditAction,
            ActorId = actor,
            AtUtc = now,
            Changes = JsonSerializer.Serialize(changes),
        });
        db.RaiseAfterCommit(new CustomersMerged(survivorId, mergedId));
        await SaveOrConflictAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Done(survivorId);
    }

    private static async Task<OperationResult> ProblemsAsync(
        CrmDbContext db, Customer survivor, Customer merged, MergeChoices choices, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        if (survivor.Kind == CustomerKind.Person && merged.Kind == CustomerKind.Company
            && await db.Set<Customer>().AnyAsync(c => c.CompanyId == merged.Id, cancellationToken))
        {
            problems.Add(new ValidationError("", $"{merged.DisplayName} is a company with contact people, and a person cannot have contact people. "
                + "Keep the company as the survivor, or merge it into another company."));
        }

        if (survivor.Kind == CustomerKind.Company && choices.Takes(MergeField.Company) && merged.CompanyId is not null)
        {
            problems.Add(new ValidationError(nameof(MergeField.Company), "A company cannot belong to another company: keep the survivor's (empty) company link."));
        }

        if (survivor.Kind == CustomerKind.Person && choices.Takes(MergeField.Company) && merged.CompanyId == survivor.Id)
        {
            problems.Add(new ValidationError(nameof(MergeField.Company), "A customer cannot belong to itself."));
        }

        var name = DisplayName(survivor.Kind,
            choices.Takes(MergeField.FirstName) ? merged.FirstName : survivor.FirstName,
            choices.Takes(MergeField.LastName) ? merged.LastName : survivor.LastName,
            choices.Takes(MergeField.CompanyName) ? merged.CompanyName : survivor.CompanyName);
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new ValidationError("", survivor.Kind == CustomerKind.Company
                ? "The chosen values leave the company without a name: keep a company name."
                : "The chosen values leave the person without a name: keep a first or last name."));
        }

        return new OperationResult(problems);
    }

    private static void Apply(Customer survivor, MergedValues merged, MergeChoices choices)
    {
        if (choices.Takes(MergeField.FirstName))
        {
            survivor.FirstName = merged.FirstName;
        }

        if (choices.Takes(MergeField.LastName))
        {
            survivor.LastName = merged.LastName;
        }

        if (choices.Takes(MergeField.CompanyName))
        {
            survivor.CompanyName = merged.CompanyName;
        }

        if (choices.Takes(MergeField.JobTitle))
        {
            survivor.JobTitle = merged.JobTitle;
        }

        if (choices.Takes(MergeField.Company) && survivor.Kind == CustomerKind.Person)
        {
            survivor.CompanyId = merged.CompanyId;
        }

        if (choices.Takes(MergeField.Website))
        {
            survivor.Website = merged.Website;
        }

        if (choices.Takes(MergeField.Industry))
        {
            survivor.Industry = merged.Industry;
        }

        if (choices.Takes(MergeField.Source))
        {
            survivor.Source = merged.Source;
        }

        if (choices.Takes(MergeField.Notes))
        {
            survivor.Notes = merged.Notes;
        }

        if (choices.Takes(MergeField.Owner))
        {
            survivor.OwnerId = merged.OwnerId;
        }

        if (choices.Takes(MergeField.ExternalId))
        {
            survivor.ExternalId = merged.ExternalId;
        }

        if (choices.Takes(MergeField.Address))
        {
            survivor.Addresses.Clear();
            survivor.Addresses.AddRange(merged.Addresses.Select(a => new CustomerAddress
            {
                Label = a.Label, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Region = a.Region, Country = a.Country,
            }));
            survivor.City = survivor.Addresses.FirstOrDefault()?.City;
            survivor.Country = survivor.Addresses.FirstOrDefault()?.Country;
        }

        survivor.DisplayName = DisplayName(survivor.Kind, survivor.FirstName, survivor.LastName, survivor.CompanyName);
        survivor.SearchName = ContactNormalizer.SearchKey(survivor.DisplayName);

        foreach (var email in merged.Emails.Where(e => survivor.Emails.All(x => x.Address != e.Address)))
        {
            survivor.Emails.Add(new CustomerEmail { Address = email.Address, Label = email.Label });
        }

        survivor.PrimaryEmail ??= survivor.Emails.FirstOrDefault()?.Address;

        foreach (var phone in merged.Phones.Where(p => survivor.Phones.All(x => x.Number != p.Number)))
        {
            survivor.Phones.Add(new CustomerPhone { Number = phone.Number, Label = phone.Label });
        }

        survivor.PrimaryPhone ??= survivor.Phones.FirstOrDefault()?.Number;

        foreach (var tag in merged.Tags.Where(t => survivor.Tags.All(x => !string.Equals(x.Tag, t, StringComparison.OrdinalIgnoreCase))))
        {
            survivor.Tags.Add(new CustomerTag { Tag = tag });
        }

        foreach (var consent in merged.Consents)
        {
            var mine = survivor.Consents.SingleOrDefault(c => c.Channel == consent.Channel);
            if (mine is null)
            {
                survivor.Consents.Add(new MarketingConsent
                {
                    Channel = consent.Channel, Granted = consent.Granted, RecordedAtUtc = consent.RecordedAtUtc, Source = consent.Source,
                });
            }
            else if (consent.RecordedAtUtc > mine.RecordedAtUtc)
            {
                mine.Granted = consent.Granted;
                mine.RecordedAtUtc = consent.RecordedAtUtc;
                mine.Source = consent.Source;
            }
        }

        survivor.DoNotContact |= merged.DoNotContact;
    }

    private static string DisplayName(CustomerKind kind, string? firstName, string? lastName, string? companyName) =>
        kind == CustomerKind.Company
            ? companyName ?? ""
            : string.Join(' ', new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n)));

    /// <summary>The merged customer's values, copied before it is deleted (deleting detaches its emails, phones and the rest).</summary>
    private static MergedValues Snapshot(Customer c) => new(
        c.Id, c.DisplayName, c.FirstName, c.LastName, c.CompanyName, c.JobTitle, c.CompanyId, c.Website, c.Industry, c.Source, c.Notes,
        c.OwnerId, c.ExternalId, c.DoNotContact, c.LastContactAtUtc,
        [.. c.Addresses.OrderBy(a => a.Id).Select(a => new CustomerAddress
        {
            Label = a.Label, Street = a.Street, PostalCode = a.PostalCode, City = a.City, Region = a.Region, Country = a.Country,
        })],
        [.. c.Emails.OrderBy(e => e.Id).Select(e => new CustomerEmail { Address = e.Address, Label = e.Label })],
        [.. c.Phones.OrderBy(p => p.Id).Select(p => new CustomerPhone { Number = p.Number, Label = p.Label })],
        [.. c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)],
        [.. c.Consents.Select(x => new MarketingConsent { Channel = x.Channel, Granted = x.Granted, RecordedAtUtc = x.RecordedAtUtc, Source = x.Source })]);

    private static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("One of the two customers changed since you opened them. Reload to see the changes, then merge again.", cancellationToken);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Iso(DateTime? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private sealed record MergedValues(
        long Id, string DisplayName, string? FirstName, string? LastName, string? CompanyName, string? JobTitle, long? CompanyId,
        string? Website, string? Industry, string? Source, string? Notes, string? OwnerId, string? ExternalId, bool DoNotContact,
        DateTime? LastContactAtUtc, IReadOnlyList<CustomerAddress> Addresses, IReadOnlyList<CustomerEmail> Emails,
        IReadOnlyList<CustomerPhone> Phones, IReadOnlyList<string> Tags, IReadOnlyList<MarketingConsent> Consents);
}
