using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Save;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Registration;

/// <summary>The <see cref="ICustomerRegistration"/> contract over the Contacts handlers.</summary>
internal sealed class CustomerRegistration(
    CreateCustomerHandler createCustomer, IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock,
    IOptions<ContactsOptions> options) : ICustomerRegistration
{
    private const int LookupChunk = 500;
    private readonly CustomerInputValidator validator = CustomerInputValidator.For(options.Value.DefaultPhoneRegion);

    public async Task<CustomerRegistrationResult> RegisterAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        var (result, duplicates) = await createCustomer.CreateAsync(input, allowDuplicates, cancellationToken);
        return new CustomerRegistrationResult(result.Succeeded ? result.Value : null, result.Validation.Errors, duplicates);
    }

    public async Task<CustomerRegistrationResult> RegisterCallerAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        var (result, duplicates) = await createCustomer.CreateCallerAsync(input, allowDuplicates, cancellationToken);
        return new CustomerRegistrationResult(result.Succeeded ? result.Value : null, result.Validation.Errors, duplicates);
    }

    public async Task<EnsuredCustomers> EnsureExternalCustomersAsync(
        IReadOnlyCollection<ExternalCustomer> customers, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreate(currentUser);
        var wanted = customers
            .Where(c => !string.IsNullOrWhiteSpace(c.ExternalId))
            .GroupBy(c => c.ExternalId.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var ids = new Dictionary<string, long>(wanted.Count, StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return new EnsuredCustomers(ids, 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in wanted.Keys.Chunk(LookupChunk))
        {
            var found = await db.Set<Customer>().Where(c => chunk.Contains(c.ExternalId!))
                .Select(c => new { c.ExternalId, c.Id }).ToListAsync(cancellationToken);
            foreach (var f in found)
            {
                ids[f.ExternalId!] = f.Id;
            }
        }

        var missing = wanted.Where(w => !ids.ContainsKey(w.Key)).Select(w => (ExternalId: w.Key, Customer: w.Value)).ToList();
        if (missing.Count == 0)
        {
            return new EnsuredCustomers(ids, 0);
        }

        var created = missing.Select(m => (m.ExternalId, Entity: NewCustomer(m.ExternalId, m.Customer))).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.AddRange(created.Select(c => c.Entity));
            await db.SaveChangesAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            db.AddRange(created.Select(c => AuditTrail.Entry(c.Entity.Id, "Created", currentUser.ActorId, now, null, AuditTrail.Snapshot(c.Entity))!));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (externalId, entity) in created)
        {
            ids[externalId] = entity.Id;
        }

        return new EnsuredCustomers(ids, created.Count);
    }

    private Customer NewCustomer(string externalId, ExternalCustomer source)
    {
        var isCompany = string.IsNullOrWhiteSpace(source.FirstName) && string.IsNullOrWhiteSpace(source.LastName)
            && !string.IsNullOrWhiteSpace(source.CompanyName);
        var hasName = !string.IsNullOrWhiteSpace(source.FirstName) || !string.IsNullOrWhiteSpace(source.LastName) || isCompany;
        var input = new CustomerInput
        {
            Kind = isCompany ? CustomerKind.Company : CustomerKind.Person,
            FirstName = hasName ? source.FirstName : "Customer",
            LastName = hasName ? source.LastName : externalId,
            CompanyName = source.CompanyName,
            Emails = string.IsNullOrWhiteSpace(source.Email) ? [] : [source.Email],
            Address = string.IsNullOrWhiteSpace(source.Country) ? null : new AddressDto(null, null, null, null, source.Country.Trim()),
            Source = "import",
            ExternalId = externalId,
        };
        if (!validator.Validate(input).IsValid)
        {
            // A source's malformed email or over-long name must not block its orders: keep the id, name it after the source.
            input = new CustomerInput { FirstName = "Customer", LastName = externalId, Source = "import", ExternalId = externalId };
        }

        var customer = new Customer();
        CustomerSave.Apply(customer, input, options.Value.DefaultPhoneRegion);
        return customer;
    }
}
