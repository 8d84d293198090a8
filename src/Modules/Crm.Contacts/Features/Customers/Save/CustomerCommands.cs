using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>The outcome of saving a customer: its id, or the validation problems, or the likely duplicates to confirm first.</summary>
internal sealed record SaveCustomerResult(long? Id, OperationResult Validation, IReadOnlyList<DuplicateCandidate> Duplicates)
{
    public bool Saved => Id is not null;
}

/// <summary>
/// Creates and changes customers. Validates with <see cref="CustomerInputValidator"/>, normalises emails and phones,
/// checks access (in the handler, not only in the UI), shows likely duplicates before a create, detects concurrent
/// edits through the version, and writes an audit entry with old and new values. A refused or invalid call changes nothing.
/// </summary>
internal sealed class CustomerCommands(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<ContactsOptions> options)
{
    private readonly CustomerInputValidator validator = CustomerInputValidator.For(options.Value.DefaultPhoneRegion);

    public async Task<SaveCustomerResult> CreateAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreate(currentUser);
        var validation = await ValidateAsync(input, cancellationToken);
        if (!validation.Succeeded)
        {
            return new SaveCustomerResult(null, validation, []);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ownerProblem = await OwnerProblemAsync(db, input.OwnerId, cancellationToken);
        var referenceProblems = await ReferenceProblemsAsync(db, input, null, cancellationToken);
        if (ownerProblem is not null || referenceProblems.Count > 0)
        {
            return new SaveCustomerResult(null, new OperationResult([.. referenceProblems, .. ownerProblem is null ? [] : new[] { ownerProblem }]), []);
        }

        var customer = new Customer();
        Apply(customer, input, options.Value.DefaultPhoneRegion);
        customer.OwnerId = string.IsNullOrWhiteSpace(input.OwnerId) && !ContactsAccess.IsManagerOrAdmin(currentUser)
            ? currentUser.ActorId
            : NullIfBlank(input.OwnerId);

        if (!allowDuplicates)
        {
            var duplicates = await DuplicateFinder.FindAsync(db, null, [.. customer.Emails.Select(e => e.Address)],
                [.. customer.Phones.Select(p => p.Number)], customer.SearchName, customer.CompanyId, customer.City, cancellationToken);
            if (duplicates.Count > 0)
            {
                return new SaveCustomerResult(null, OperationResult.Success, duplicates);
            }
        }

        db.Add(customer);
        await db.SaveChangesAsync(cancellationToken);
        db.Add(AuditTrail.Entry(customer.Id, "Created", currentUser.ActorId, Now(), null, AuditTrail.Snapshot(customer))!);
        await db.SaveChangesAsync(cancellationToken);
        return new SaveCustomerResult(customer.Id, OperationResult.Success, []);
    }

    /// <summary>Changes a customer read at <paramref name="expectedVersion"/>; a newer save by someone else is a <see cref="ConflictException"/>.</summary>
    public async Task<SaveCustomerResult> UpdateAsync(long id, CustomerInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);

        var validation = await ValidateAsync(input, cancellationToken);
        if (!validation.Succeeded)
        {
            return new SaveCustomerResult(null, validation, []);
        }

        var ownerProblem = input.OwnerId != customer.OwnerId ? await OwnerProblemAsync(db, input.OwnerId, cancellationToken) : null;
        var referenceProblems = await ReferenceProblemsAsync(db, input, id, cancellationToken);
        if (ownerProblem is not null || referenceProblems.Count > 0)
        {
            return new SaveCustomerResult(null, new OperationResult([.. referenceProblems, .. ownerProblem is null ? [] : new[] { ownerProblem }]), []);
        }

        var before = AuditTrail.Snapshot(customer);
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        Apply(customer, input, options.Value.DefaultPhoneRegion);
        customer.OwnerId = NullIfBlank(input.OwnerId) ?? customer.OwnerId;
        // Always update the customer row, even when only emails or phones changed, so the version check applies.
        db.Entry(customer).Property(c => c.ModifiedAtUtc).IsModified = true;
        if (AuditTrail.Entry(id, "Updated", currentUser.ActorId, Now(), before, AuditTrail.Snapshot(customer)) is { } entry)
        {
            db.Add(entry);
        }

        await SaveOrConflictAsync(db, cancellationToken);
        return new SaveCustomerResult(id, OperationResult.Success, []);
    }

    /// <summary>Deactivates (or reactivates) a customer: it stays in the CCR with its history but leaves the default lists.</summary>
    public async Task SetActiveAsync(long id, bool active, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        if (customer.IsActive == active)
        {
            return;
        }

        var before = AuditTrail.Snapshot(customer);
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        customer.IsActive = active;
        db.Add(AuditTrail.Entry(id, active ? "Reactivated" : "Deactivated", currentUser.ActorId, Now(), before, AuditTrail.Snapshot(customer))!);
        await SaveOrConflictAsync(db, cancellationToken);
    }

    /// <summary>Records marketing consent on a channel, or the customer's wish not to be contacted at all.</summary>
    public async Task SetConsentAsync(long id, ConsentChannel channel, bool granted, string source, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        var consent = customer.Consents.SingleOrDefault(c => c.Channel == channel);
        if (consent is null)
        {
            consent = new MarketingConsent { CustomerId = id, Channel = channel };
            customer.Consents.Add(consent);
        }

        var old = consent.Granted;
        consent.Granted = granted;
        consent.RecordedAtUtc = Now();
        consent.Source = string.IsNullOrWhiteSpace(source) ? "eCRM" : source.Trim();
        customer.ModifiedAtUtc = Now(); // touches the customer so its version changes
        db.Add(new ContactsAuditEntry
        {
            CustomerId = id,
            Action = "Consent",
            ActorId = currentUser.ActorId,
            AtUtc = Now(),
            Changes = System.Text.Json.JsonSerializer.Serialize(new[] { new AuditTrail.FieldChange($"Consent.{channel}", old.ToString(), granted.ToString()) }),
        });
        await SaveOrConflictAsync(db, cancellationToken);
    }

    public async Task SetDoNotContactAsync(long id, bool doNotContact, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);
        var before = AuditTrail.Snapshot(customer);
        customer.DoNotContact = doNotContact;
        if (AuditTrail.Entry(id, "Updated", currentUser.ActorId, Now(), before, AuditTrail.Snapshot(customer)) is { } entry)
        {
            db.Add(entry);
        }

        await SaveOrConflictAsync(db, cancellationToken);
    }

    internal static async Task<Customer> LoadAsync(CrmDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Set<Customer>()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags).Include(c => c.Consents)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
        ?? throw new NotFoundException($"No customer with id {id}.");

    private async Task<OperationResult> ValidateAsync(CustomerInput input, CancellationToken cancellationToken) =>
        OperationResult.From(await validator.ValidateAsync(input, cancellationToken));

    /// <summary>A SalesRep owns what they create; anyone else named as owner must be a user of eCRM.</summary>
    private async Task<ValidationError?> OwnerProblemAsync(CrmDbContext db, string? ownerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ownerId) || ownerId == currentUser.ActorId)
        {
            return null;
        }

        if (!ContactsAccess.IsManagerOrAdmin(currentUser))
        {
            return new ValidationError(nameof(CustomerInput.OwnerId), "A SalesRep can only make themselves the owner. Ask a Manager to assign someone else.");
        }

        return await db.Users.AnyAsync(u => u.Id == ownerId, cancellationToken)
            ? null
            : new ValidationError(nameof(CustomerInput.OwnerId), $"'{ownerId}' is no user of eCRM: name the owner by a user's id, or leave it empty.");
    }

    private static async Task<List<ValidationError>> ReferenceProblemsAsync(CrmDbContext db, CustomerInput input, long? selfId, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        if (input.CompanyId is { } companyId
            && !await db.Set<Customer>().AnyAsync(c => c.Id == companyId && c.Kind == CustomerKind.Company && c.Id != selfId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CustomerInput.CompanyId), $"There is no company customer with id {companyId}."));
        }

        if (!string.IsNullOrWhiteSpace(input.ExternalId)
            && await db.Set<Customer>().AnyAsync(c => c.ExternalId == input.ExternalId.Trim() && c.Id != selfId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CustomerInput.ExternalId), $"Another customer already has the external id '{input.ExternalId.Trim()}'."));
        }

        return problems;
    }

    /// <summary>Copies validated input onto a customer: names, normalised emails and phones, tags, address and the copies for lists.</summary>
    internal static void Apply(Customer customer, CustomerInput input, string region)
    {
        customer.Kind = input.Kind;
        customer.FirstName = NullIfBlank(input.FirstName);
        customer.LastName = NullIfBlank(input.LastName);
        customer.CompanyName = NullIfBlank(input.CompanyName);
        customer.JobTitle = NullIfBlank(input.JobTitle);
        customer.CompanyId = input.Kind == CustomerKind.Person ? input.CompanyId : null;
        customer.DisplayName = input.Kind == CustomerKind.Company
            ? customer.CompanyName!
            : string.Join(' ', new[] { customer.FirstName, customer.LastName }.Where(n => n is not null));
        customer.SearchName = ContactNormalizer.SearchKey(customer.DisplayName);
        customer.Website = NullIfBlank(input.Website);
        customer.Industry = NullIfBlank(input.Industry);
        customer.Source = NullIfBlank(input.Source);
        customer.Notes = NullIfBlank(input.Notes);
        customer.ExternalId = NullIfBlank(input.ExternalId);

        var emails = input.Emails.Select(ContactNormalizer.NormalizeEmail).Distinct().ToList();
        customer.Emails.RemoveAll(e => !emails.Contains(e.Address));
        customer.Emails.AddRange(emails.Where(e => customer.Emails.All(x => x.Address != e)).Select(e => new CustomerEmail { Address = e }));
        customer.Emails.Sort((a, b) => emails.IndexOf(a.Address).CompareTo(emails.IndexOf(b.Address)));
        customer.PrimaryEmail = emails.FirstOrDefault();

        var phones = input.Phones.Select(p => ContactNormalizer.TryNormalizePhone(p, region, out var e164) ? e164 : null)
            .OfType<string>().Distinct().ToList();
        customer.Phones.RemoveAll(p => !phones.Contains(p.Number));
        customer.Phones.AddRange(phones.Where(p => customer.Phones.All(x => x.Number != p)).Select(p => new CustomerPhone { Number = p }));
        customer.PrimaryPhone = phones.FirstOrDefault();

        var tags = input.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        customer.Tags.RemoveAll(t => !tags.Contains(t.Tag));
        customer.Tags.AddRange(tags.Where(t => customer.Tags.All(x => x.Tag != t)).Select(t => new CustomerTag { Tag = t }));

        var address = input.Address is { } a && new[] { a.Street, a.PostalCode, a.City, a.Region, a.Country }.Any(v => !string.IsNullOrWhiteSpace(v)) ? a : null;
        if (address is null)
        {
            customer.Addresses.Clear();
        }
        else
        {
            var target = customer.Addresses.FirstOrDefault();
            if (target is null)
            {
                target = new CustomerAddress { Label = "Main" };
                customer.Addresses.Add(target);
            }

            target.Street = NullIfBlank(address.Street);
            target.PostalCode = NullIfBlank(address.PostalCode);
            target.City = NullIfBlank(address.City);
            target.Region = NullIfBlank(address.Region);
            target.Country = NullIfBlank(address.Country);
        }

        customer.City = customer.Addresses.FirstOrDefault()?.City;
        customer.Country = customer.Addresses.FirstOrDefault()?.Country;
    }

    private static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this customer since you opened it. Reload to see their changes, then apply yours again.", cancellationToken);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
