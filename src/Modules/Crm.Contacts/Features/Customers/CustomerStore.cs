using Crm.Contacts.Domain;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers;

/// <summary>What the customer use cases share: loading a customer with everything an edit touches, saving under its version.</summary>
internal static class CustomerStore
{
    public static async Task<Customer> LoadAsync(CrmDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Set<Customer>()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags).Include(c => c.Consents)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
        ?? throw new NotFoundException($"No customer with id {id}.");

    public static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this customer since you opened it. Reload to see their changes, then apply yours again.", cancellationToken);
}
