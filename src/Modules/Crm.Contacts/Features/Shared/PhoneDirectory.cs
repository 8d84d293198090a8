using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Shared;

/// <summary>The <see cref="IPhoneDirectory"/> contract: numbers normalised as the customer form stores them, found by the phone index.</summary>
internal sealed class PhoneDirectory(IDbContextFactory<CrmDbContext> contextFactory, IOptions<ContactsOptions> options, ICustomerDirectory customers)
    : IPhoneDirectory
{
    public string? Normalize(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var text = number.Trim();
        if (ContactNormalizer.TryNormalizePhone(text, options.Value.DefaultPhoneRegion, out var e164))
        {
            return e164;
        }

        // Telephone systems send international numbers as bare digits with the country code (sipgate, Zammad's examples).
        return text.All(char.IsAsciiDigit) && text.Length >= 8 && text[0] != '0'
            && ContactNormalizer.TryNormalizePhone("+" + text, options.Value.DefaultPhoneRegion, out e164) ? e164 : null;
    }

    public async Task<CustomerSummary?> FindByPhoneAsync(string e164, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.Set<CustomerPhone>().Where(p => p.Number == e164)
            .Join(db.Set<Customer>().Where(c => c.IsActive), p => p.CustomerId, c => c.Id, (p, c) => c.Id)
            .OrderBy(c => c).Select(c => (long?)c).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await customers.FindAsync(id.Value, cancellationToken);
    }
}
