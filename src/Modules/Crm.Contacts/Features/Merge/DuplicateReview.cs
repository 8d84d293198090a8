using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Merge;

/// <summary>
/// Likely duplicate customers across the whole base, as pairs, for Managers and Admins: two active customers that share a
/// (normalised) email address or phone number, or have the same name in the same city or in the same company.
/// </summary>
/// <remarks>
/// All of it is set-based SQL: for each kind of key, group the active customers by the key (keeping groups of 2 to
/// <see cref="MaxGroupSize"/> members), join each group back to its members twice to form the pairs, put the four kinds
/// together (UNION, so each pair comes once), and page on the server (newest pairs first). The key columns are indexed.
/// A group larger than <see cref="MaxGroupSize"/> (a switchboard number, an info@ address, a very common name in a big
/// city) says little about duplicates and would make thousands of pairs, so it is left out: the number of pairs is at
/// most <see cref="MaxGroupSize"/>²/2 per group. Only the page's customers are then read to show them and say why they match.
/// </remarks>
internal sealed class DuplicateReview(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public const int MaxPageSize = 100;

    /// <summary>Groups sharing one key with more members than this are not reported (see the class remarks).</summary>
    public const int MaxGroupSize = 20;

    public async Task<PagedResult<DuplicatePair>> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureManager(currentUser);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var pairs = PairsQuery(db);
        var total = await pairs.CountAsync(cancellationToken);
        var pageRows = await pairs
            .OrderByDescending(p => p.SecondId).ThenByDescending(p => p.FirstId)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .ToListAsync(cancellationToken);
        if (pageRows.Count == 0)
        {
            return new PagedResult<DuplicatePair>([], total, page, pageSize);
        }

        var ids = pageRows.SelectMany(p => new[] { p.FirstId, p.SecondId }).Distinct().ToList();
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Kind, c.DisplayName, c.SearchName, c.City, c.CompanyId })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var emails = (await db.Set<CustomerEmail>().AsNoTracking().Where(e => ids.Contains(e.CustomerId))
                .OrderBy(e => e.Id).Select(e => new { e.CustomerId, e.Address }).ToListAsync(cancellationToken))
            .ToLookup(e => e.CustomerId, e => e.Address);
        var phones = (await db.Set<CustomerPhone>().AsNoTracking().Where(p => ids.Contains(p.CustomerId))
                .OrderBy(p => p.Id).Select(p => new { p.CustomerId, p.Number }).ToListAsync(cancellationToken))
            .ToLookup(p => p.CustomerId, p => p.Number);

        var items = new List<DuplicatePair>(pageRows.Count);
        foreach (var row in pageRows)
        {
            // A customer of the page may have been merged or deleted since the pairs were read: skip that pair.
            if (!customers.TryGetValue(row.FirstId, out var a) || !customers.TryGetValue(row.SecondId, out var b))
            {
                continue;
            }

            var reasons = new List<string>();
            reasons.AddRange(emails[a.Id].Intersect(emails[b.Id], StringComparer.Ordinal).Select(e => $"same email {e}"));
            reasons.AddRange(phones[a.Id].Intersect(phones[b.Id], StringComparer.Ordinal).Select(p => $"same phone {ContactNormalizer.FormatPhone(p)}"));
            if (a.SearchName.Length > 0 && string.Equals(a.SearchName, b.SearchName, StringComparison.Ordinal))
            {
                if (a.City is not null && string.Equals(a.City, b.City, StringComparison.OrdinalIgnoreCase))
                {
                    reasons.Add($"same name in {a.City}");
                }

                if (a.CompanyId is not null && a.CompanyId == b.CompanyId)
                {
                    reasons.Add("same name in the same company");
                }
            }

            items.Add(new DuplicatePair(
                new DuplicatePairMember(a.Id, a.Kind, a.DisplayName, [.. emails[a.Id]], [.. phones[a.Id]], a.City),
                new DuplicatePairMember(b.Id, b.Kind, b.DisplayName, [.. emails[b.Id]], [.. phones[b.Id]], b.City),
                reasons.Count == 0 ? "same details" : string.Join("; ", reasons)));
        }

        return new PagedResult<DuplicatePair>(items, total, page, pageSize);
    }

    /// <summary>Every candidate pair once, the lower id first (one SQL query; see the class remarks).</summary>
    internal static IQueryable<PairRow> PairsQuery(CrmDbContext db)
    {
        var active = db.Set<Customer>().Where(c => c.IsActive);

        var emailMembers = from e in db.Set<CustomerEmail>()
                           join c in active on e.CustomerId equals c.Id
                           select new { e.Address, e.CustomerId };
        var emailKeys = emailMembers.GroupBy(m => m.Address)
            .Where(g => g.Count() > 1 && g.Count() <= MaxGroupSize)
            .Select(g => g.Key);
        var emailPairs = from key in emailKeys
                         join a in emailMembers on key equals a.Address
                         join b in emailMembers on key equals b.Address
                         where a.CustomerId < b.CustomerId
                         select new PairRow { FirstId = a.CustomerId, SecondId = b.CustomerId };

        var phoneMembers = from p in db.Set<CustomerPhone>()
                           join c in active on p.CustomerId equals c.Id
                           select new { p.Number, p.CustomerId };
        var phoneKeys = phoneMembers.GroupBy(m => m.Number)
            .Where(g => g.Count() > 1 && g.Count() <= MaxGroupSize)
            .Select(g => g.Key);
        var phonePairs = from key in phoneKeys
                         join a in phoneMembers on key equals a.Number
                         join b in phoneMembers on key equals b.Number
                         where a.CustomerId < b.CustomerId
                         select new PairRow { FirstId = a.CustomerId, SecondId = b.CustomerId };

        var inCity = active.Where(c => c.SearchName != "" && c.City != null);
        var cityKeys = inCity.GroupBy(c => new { c.SearchName, c.City })
            .Where(g => g.Count() > 1 && g.Count() <= MaxGroupSize)
            .Select(g => g.Key);
        var cityPairs = from key in cityKeys
                        join a in inCity on new { key.SearchName, key.City } equals new { a.SearchName, a.City }
                        join b in inCity on new { key.SearchName, key.City } equals new { b.SearchName, b.City }
                        where a.Id < b.Id
                        select new PairRow { FirstId = a.Id, SecondId = b.Id };

        var inCompany = active.Where(c => c.SearchName != "" && c.CompanyId != null);
        var companyKeys = inCompany.GroupBy(c => new { c.SearchName, c.CompanyId })
            .Where(g => g.Count() > 1 && g.Count() <= MaxGroupSize)
            .Select(g => g.Key);
        var companyPairs = from key in companyKeys
                           join a in inCompany on new { key.SearchName, key.CompanyId } equals new { a.SearchName, a.CompanyId }
                           join b in inCompany on new { key.SearchName, key.CompanyId } equals new { b.SearchName, b.CompanyId }
                           where a.Id < b.Id
                           select new PairRow { FirstId = a.Id, SecondId = b.Id };

        // UNION (not UNION ALL): a pair that matches on more than one key is listed once.
        return emailPairs.Union(phonePairs).Union(cityPairs).Union(companyPairs);
    }

    internal sealed class PairRow
    {
        public long FirstId { get; init; }

        public long SecondId { get; init; }
    }
}
