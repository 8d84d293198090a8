using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Customers.Browse;

internal sealed record AuditEntryDto(DateTime AtUtc, string ActorId, string Action, IReadOnlyList<(string Field, string? Old, string? New)> Changes);

/// <summary>Reads customers: the list (paged, sorted, filtered on the server), one customer in full, search, and the audit trail.</summary>
internal sealed class CustomerQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, IOptions<ContactsOptions> options)
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<CustomerListItem>> ListAsync(CustomerListQuery query, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customers = Filter(db, query);

        var total = await customers.CountAsync(cancellationToken);
        var ordered = (query.Sort, query.Descending) switch
        {
            (CustomerSort.Created, false) => customers.OrderBy(c => c.CreatedAtUtc).ThenBy(c => c.Id),
            (CustomerSort.Created, true) => customers.OrderByDescending(c => c.CreatedAtUtc).ThenByDescending(c => c.Id),
            (CustomerSort.LastContact, false) => customers.OrderBy(c => c.LastContactAtUtc).ThenBy(c => c.Id),
            (CustomerSort.LastContact, true) => customers.OrderByDescending(c => c.LastContactAtUtc).ThenByDescending(c => c.Id),
            (CustomerSort.City, false) => customers.OrderBy(c => c.City).ThenBy(c => c.SearchName).ThenBy(c => c.Id),
            (CustomerSort.City, true) => customers.OrderByDescending(c => c.City).ThenByDescending(c => c.SearchName).ThenByDescending(c => c.Id),
            (_, true) => customers.OrderByDescending(c => c.SearchName).ThenByDescending(c => c.Id),
            _ => customers.OrderBy(c => c.SearchName).ThenBy(c => c.Id),
        };
        var items = await ordered.Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(c => new CustomerListItem(c.Id, c.Kind, c.DisplayName, c.CompanyName, c.PrimaryEmail, c.PrimaryPhone, c.City,
                c.OwnerId, c.IsActive, c.CreatedAtUtc, c.LastContactAtUtc))
            .ToListAsync(cancellationToken);
        return new PagedResult<CustomerListItem>(items, total, page, pageSize);
    }

    public async Task<CustomerDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var c = await db.Set<Customer>().AsNoTracking()
            .Include(x => x.Emails).Include(x => x.Phones).Include(x => x.Addresses).Include(x => x.Tags).Include(x => x.Consents)
            .AsSplitQuery()
            .SingleOrDefaultAsync(x => x.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No customer with id {id}.");
        var company = c.CompanyId is { } companyId
            ? await db.Set<Customer>().Where(x => x.Id == companyId).Select(x => x.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        var address = c.Addresses.FirstOrDefault();
        return new CustomerDetails(c.Id, c.Kind, c.DisplayName, c.FirstName, c.LastName, c.CompanyName, c.JobTitle, c.CompanyId, company,
            [.. c.Emails.Select(e => e.Address)], [.. c.Phones.Select(p => p.Number)],
            address is null ? null : new AddressDto(address.Street, address.PostalCode, address.City, address.Region, address.Country),
            c.Website, c.Industry, c.Source, [.. c.Tags.Select(t => t.Tag).Order()], c.OwnerId, c.Notes, c.ExternalId, c.IsActive,
            c.DoNotContact, [.. c.Consents.OrderBy(x => x.Channel).Select(x => new ConsentDto(x.Channel, x.Granted, x.RecordedAtUtc, x.Source))],
            c.LastContactAtUtc, c.CreatedAtUtc, c.ModifiedAtUtc, c.Version);
    }

    /// <summary>The people who belong to a company customer.</summary>
    public async Task<IReadOnlyList<CustomerListItem>> ContactPeopleAsync(long companyId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Customer>().Where(c => c.CompanyId == companyId).OrderBy(c => c.SearchName).Take(200)
            .Select(c => new CustomerListItem(c.Id, c.Kind, c.DisplayName, c.CompanyName, c.PrimaryEmail, c.PrimaryPhone, c.City,
                c.OwnerId, c.IsActive, c.CreatedAtUtc, c.LastContactAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Who changed what and when. Managers and Admins only.</summary>
    public async Task<IReadOnlyList<AuditEntryDto>> AuditAsync(long customerId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.Set<ContactsAuditEntry>().Where(a => a.CustomerId == customerId)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
        return [.. entries.Select(e => new AuditEntryDto(e.AtUtc, e.ActorId, e.Action,
            [.. AuditTrail.Read(e.Changes).Select(c => (c.Field, c.Old, c.New))]))];
    }

    private IQueryable<Customer> Filter(CrmDbContext db, CustomerListQuery query)
    {
        var customers = db.Set<Customer>().AsNoTracking();
        if (!query.IncludeInactive)
        {
            // An equality with a parameter ("IsActive = @active") lets SQLite use the (City|OwnerId, IsActive, ...) indexes;
            // a bare boolean column in WHERE does not.
            var active = true;
            customers = customers.Where(c => c.IsActive == active);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            customers = ApplySearch(db, customers, query.Search, options.Value.DefaultPhoneRegion);
        }

        if (!string.IsNullOrWhiteSpace(query.OwnerId))
        {
            customers = customers.Where(c => c.OwnerId == query.OwnerId);
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            var tagged = db.Set<CustomerTag>().Where(t => t.Tag == tag).Select(t => t.CustomerId);
            customers = customers.Where(c => tagged.Contains(c.Id));
        }

        if (query.Kind is { } kind)
        {
            customers = customers.Where(c => c.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.City))
        {
            var city = query.City.Trim();
            customers = customers.Where(c => c.City == city);
        }

        if (query.CreatedFromUtc is { } createdFrom)
        {
            customers = customers.Where(c => c.CreatedAtUtc >= createdFrom);
        }

        if (query.CreatedToUtc is { } createdTo)
        {
            customers = customers.Where(c => c.CreatedAtUtc < createdTo);
        }

        if (query.LastContactFromUtc is { } contactFrom)
        {
            customers = customers.Where(c => c.LastContactAtUtc >= contactFrom);
        }

        if (query.LastContactToUtc is { } contactTo)
        {
            customers = customers.Where(c => c.LastContactAtUtc < contactTo);
        }

        return customers;
    }

    /// <summary>
    /// A term that is a phone number matches that number exactly (E.164); one with @ matches emails by prefix; anything
    /// else matches names and company names by prefix. All three are index range scans.
    /// </summary>
    internal static IQueryable<Customer> ApplySearch(CrmDbContext db, IQueryable<Customer> customers, string term, string region)
    {
        term = term.Trim();
        if (term.Any(char.IsDigit) && !term.Any(char.IsLetter) && ContactNormalizer.TryNormalizePhone(term, region, out var e164))
        {
            // "Id IN (ids with this number)": the phone index finds the few customers, instead of a lookup per customer.
            var withPhone = db.Set<CustomerPhone>().Where(p => p.Number == e164).Select(p => p.CustomerId);
            return customers.Where(c => withPhone.Contains(c.Id));
        }

        if (term.Contains('@', StringComparison.Ordinal))
        {
            var email = ContactNormalizer.NormalizeEmail(term);
            var emailEnd = ContactNormalizer.PrefixUpperBound(email);
            var withEmail = db.Set<CustomerEmail>()
                .Where(e => string.Compare(e.Address, email) >= 0 && string.Compare(e.Address, emailEnd) < 0)
                .Select(e => e.CustomerId);
            return customers.Where(c => withEmail.Contains(c.Id));
        }

        var key = ContactNormalizer.SearchKey(term);
        var keyEnd = ContactNormalizer.PrefixUpperBound(key);
        return customers.Where(c => string.Compare(c.SearchName, key) >= 0 && string.Compare(c.SearchName, keyEnd) < 0);
    }
}
