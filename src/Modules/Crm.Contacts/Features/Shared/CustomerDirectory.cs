using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Shared;

/// <summary>The <see cref="ICustomerDirectory"/> contract: what other modules and the app bar's global search ask.</summary>
internal sealed class CustomerDirectory(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, IOptions<ContactsOptions> options,
    Customers.Preferences.PreferenceFactQueries facts) : ICustomerDirectory
{
    private static readonly System.Linq.Expressions.Expression<Func<Customer, CustomerSummary>> Summary = c =>
        new CustomerSummary(c.Id, c.Kind, c.DisplayName, c.CompanyName, c.PrimaryEmail, c.PrimaryPhone, c.City, c.OwnerId,
            c.ExternalId, c.IsActive, c.DoNotContact, c.LastContactAtUtc);

    // The two look-ups every order placed over the API makes: compiled once, so a call skips EF's query translation
    // cache (hashing the expression tree, extracting its parameters).
    private static readonly Func<CrmDbContext, long, CancellationToken, Task<CustomerSummary?>> ById = EF.CompileAsyncQuery(
        (CrmDbContext db, long id, CancellationToken _) => db.Set<Customer>().AsNoTracking().Where(c => c.Id == id).Select(Summary).SingleOrDefault());

    private static readonly Func<CrmDbContext, string, CancellationToken, Task<CustomerSummary?>> ByExternalId = EF.CompileAsyncQuery(
        (CrmDbContext db, string externalId, CancellationToken _) => db.Set<Customer>().AsNoTracking().Where(c => c.ExternalId == externalId)
            .Select(Summary).SingleOrDefault());

    public async Task<CustomerSummary?> FindAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ById(db, customerId, cancellationToken);
    }

    public async Task<CustomerPreferences?> PreferencesAsync(long customerId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Set<Customer>().AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new
            {
                c.DoNotContact, c.Notes,
                Consents = c.Consents.Select(m => new ChannelConsent(m.Channel, m.Granted, m.RecordedAtUtc, m.Source)).ToList(),
                Tags = c.Tags.Select(t => t.Tag).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var remembered = await facts.ToDtosAsync(
            await Customers.Preferences.PreferenceFactQueries.ForCustomerAsync(db, customerId, cancellationToken), cancellationToken);
        return new CustomerPreferences(
            customerId, customer.DoNotContact, [.. customer.Consents.OrderBy(m => m.Channel)],
            [.. customer.Tags.Order(StringComparer.CurrentCultureIgnoreCase)], customer.Notes, remembered);
    }

    public async Task<CustomerSummary?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ByExternalId(db, externalId.Trim(), cancellationToken);
    }

    public async Task<CustomerSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var normalized = ContactNormalizer.NormalizeEmail(email);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.Set<CustomerEmail>().Where(e => e.Address == normalized).OrderBy(e => e.CustomerId)
            .Select(e => (long?)e.CustomerId).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await FindAsync(id.Value, cancellationToken);
    }

    public Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, CancellationToken cancellationToken = default) =>
        SearchAsync(term, limit, ownerId: null, cancellationToken);

    public async Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, string? ownerId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        if (string.IsNullOrWhiteSpace(term))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customers = db.Set<Customer>().AsNoTracking();
        if (ownerId is not null)
        {
            customers = customers.Where(c => c.OwnerId == ownerId);
        }

        var matches = CustomerQueries.ApplySearch(db, customers, term, options.Value.DefaultPhoneRegion);
        return await matches.OrderBy(c => c.SearchName).ThenBy(c => c.Id).Take(Math.Clamp(limit, 1, 50))
            .Select(Summary).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<long>> IdsOwnedByAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Customer>().AsNoTracking().Where(c => c.OwnerId == ownerId).Select(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<long, string>> DisplayNamesAsync(IEnumerable<long> customerIds, CancellationToken cancellationToken = default)
    {
        var names = new Dictionary<long, string>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in customerIds.Distinct().Chunk(500))
        {
            foreach (var row in await db.Set<Customer>().AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.Id, c.DisplayName }).ToListAsync(cancellationToken))
            {
                names[row.Id] = row.DisplayName;
            }
        }

        return names;
    }

    public async Task<bool> MayContactForMarketingAsync(long customerId, ConsentChannel channel, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Customer>().AnyAsync(c => c.Id == customerId && c.IsActive && !c.DoNotContact
            && c.Consents.Any(x => x.Channel == channel && x.Granted), cancellationToken);
    }
}
