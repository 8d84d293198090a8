using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>
/// Likely duplicates of a customer being saved: the same email or phone (normalised), or the same name in the same
/// company or city. Each look-up uses an index, so the check stays fast on a large base.
/// </summary>
internal static class DuplicateFinder
{
    public static async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(
        CrmDbContext db, long? excludeId, IReadOnlyCollection<string> emails, IReadOnlyCollection<string> phones,
        string searchName, long? companyId, string? city, CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<long, string>();
        if (emails.Count > 0)
        {
            foreach (var hit in await db.Set<CustomerEmail>().Where(e => emails.Contains(e.Address))
                         .Select(e => new { e.CustomerId, e.Address }).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(hit.CustomerId, $"same email {hit.Address}");
            }
        }

        if (phones.Count > 0)
        {
            foreach (var hit in await db.Set<CustomerPhone>().Where(p => phones.Contains(p.Number))
                         .Select(p => new { p.CustomerId, p.Number }).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(hit.CustomerId, $"same phone {ContactNormalizer.FormatPhone(hit.Number)}");
            }
        }

        if (searchName.Length > 0 && (companyId is not null || !string.IsNullOrEmpty(city)))
        {
            var sameName = db.Set<Customer>().Where(c => c.SearchName == searchName);
            sameName = companyId is not null
                ? sameName.Where(c => c.CompanyId == companyId || (city != null && c.City == city))
                : sameName.Where(c => c.City == city);
            foreach (var id in await sameName.Select(c => c.Id).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(id, companyId is not null ? "same name in the same company or city" : $"same name in {city}");
            }
        }

        if (excludeId is { } self)
        {
            reasons.Remove(self);
        }

        if (reasons.Count == 0)
        {
            return [];
        }

        var ids = reasons.Keys.ToList();
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.DisplayName, c.PrimaryEmail, c.PrimaryPhone, c.City })
            .ToListAsync(cancellationToken);
        return [.. customers.OrderBy(c => c.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => new DuplicateCandidate(c.Id, c.DisplayName, c.PrimaryEmail, c.PrimaryPhone, c.City, reasons[c.Id]))];
    }
}
