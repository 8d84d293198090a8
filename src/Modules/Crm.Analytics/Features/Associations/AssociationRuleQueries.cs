using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Associations;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Associations;

/// <summary>
/// Reads the association rules the last recompute stored (table <c>Analytics_Rules</c>): the rules browser (Managers and
/// Admins) with filters, server-side sort and paging, and "also bought" for one product (every role that sees products).
/// </summary>
internal sealed class AssociationRuleQueries(IDbContextFactory<CrmDbContext> contextFactory, ISalesHistory sales, ICurrentUser currentUser)
{
    /// <summary>Rules in one CSV export at most (the recompute stores 20,000 by default).</summary>
    public const int MaxExportRows = 100_000;

    public static void EnsureBrowse(ICurrentUser user)
    {
        if (!(user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager)))
        {
            throw new ForbiddenException("Only Managers and Admins browse the product association rules.");
        }
    }

    public static bool CanSeeAlsoBought(ICurrentUser user) => CrmRoles.All.Any(user.IsInRole);

    /// <summary>One page of the rules that match <paramref name="query"/> (validate it first), in its sort order.</summary>
    public async Task<AssociationRulePage> ListAsync(AssociationRuleQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureBrowse(currentUser);
        EnsureValid(query);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var filtered = await FilterAsync(db, query, cancellationToken);
        if (filtered is null)
        {
            return new AssociationRulePage([], 0, query.Page, query.PageSize);
        }

        var total = await filtered.CountAsync(cancellationToken);
        var rows = await Sorted(filtered, query.Sort).Skip(Paging.Offset(query.Page, query.PageSize)).Take(query.PageSize).ToListAsync(cancellationToken);
        return new AssociationRulePage(await ToRowsAsync(rows, cancellationToken), total, query.Page, query.PageSize);
    }

    /// <summary>How many rules the last recompute stored (0: none yet, or no basket pattern was frequent enough).</summary>
    public async Task<int> CountStoredAsync(CancellationToken cancellationToken = default)
    {
        EnsureBrowse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<StoredAssociationRule>().CountAsync(cancellationToken);
    }

    /// <summary>Every rule that matches <paramref name="query"/> (page and page size ignored), in its sort order, in chunks.</summary>
    public async IAsyncEnumerable<IReadOnlyList<AssociationRuleRow>> ExportAsync(
        AssociationRuleQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureBrowse(currentUser);
        EnsureValid(query with { Page = 0, PageSize = 1 });
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var filtered = await FilterAsync(db, query, cancellationToken);
        if (filtered is null)
        {
            yield break;
        }

        const int chunk = 2_000;
        for (var offset = 0; offset < MaxExportRows; offset += chunk)
        {
            var rows = await Sorted(filtered, query.Sort).Skip(offset).Take(chunk).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                yield break;
            }

            yield return await ToRowsAsync(rows, cancellationToken);
            if (rows.Count < chunk)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The rules whose antecedent is exactly <paramref name="productCode"/>, highest confidence first (then lift), at most
    /// <paramref name="count"/>: "customers who bought X also bought Y".
    /// </summary>
    public async Task<IReadOnlyList<AlsoBoughtItem>> AlsoBoughtAsync(string productCode, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(productCode);
        if (!CanSeeAlsoBought(currentUser))
        {
            throw new ForbiddenException("Sign in with a role of eCRM to see products.");
        }

        var key = StoredAssociationRule.Key([productCode]);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.Set<StoredAssociationRule>().AsNoTracking()
            .Where(r => r.Antecedent == key)
            .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Consequent)
            .Take(count)
            .ToListAsync(cancellationToken);
        var names = await sales.ProductNamesAsync([.. rules.Select(r => r.Consequent)], cancellationToken);
        return [.. rules.Select(r => new AlsoBoughtItem(
            new RuleProduct(r.Consequent, names.GetValueOrDefault(r.Consequent)), r.Confidence, r.Lift, r.Support, r.SupportCount))];
    }

    /// <summary>Catalogue names of product codes (codes the catalogue does not know are left out).</summary>
    public Task<IReadOnlyDictionary<string, string>> ProductNamesAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default) =>
        sales.ProductNamesAsync(codes, cancellationToken);

    private static void EnsureValid(AssociationRuleQuery query)
    {
        var validation = query.Validate();
        if (!validation.Succeeded)
        {
            throw new ArgumentException(validation.ToString(), nameof(query));
        }
    }

    /// <summary>The rules that pass the filters, or null when the product filter matches no product of any rule.</summary>
    private async Task<IQueryable<StoredAssociationRule>?> FilterAsync(CrmDbContext db, AssociationRuleQuery query, CancellationToken cancellationToken)
    {
        IQueryable<StoredAssociationRule> rules = db.Set<StoredAssociationRule>().AsNoTracking();
        if (query.MinSupport is { } support)
        {
            // On the counts, exactly: the stored rules come from one mining run, and any of them gives back the number of
            // baskets (support = count / baskets, so count / support is within a rounding error of that whole number).
            var sample = await rules.Where(r => r.Support > 0).Select(r => new { r.SupportCount, r.Support }).FirstOrDefaultAsync(cancellationToken);
            if (sample is not null)
            {
                var minCount = SupportThreshold.ToCount(support, (int)Math.Round(sample.SupportCount / sample.Support));
                rules = rules.Where(r => r.SupportCount >= minCount);
            }
        }

        if (query.MinConfidence is { } confidence)
        {
            // Exact too, for the at most 6 decimals the query allows (see AssociationRuleQuery.MaxConfidenceDecimals): both
            // sides are the nearest doubles to their fractions, which are equal or far apart.
            var threshold = (double)confidence;
            rules = rules.Where(r => r.Confidence >= threshold);
        }

        if (query.MinLift is { } lift)
        {
            rules = rules.Where(r => r.Lift >= lift);
        }

        if (string.IsNullOrWhiteSpace(query.Product))
        {
            return rules;
        }

        // Antecedent LIKE '%|CODE|%' OR Consequent = CODE, for each matching code: the antecedents that hold one of the codes
        // are found among the distinct stored antecedents (the same test as the LIKE), so the SQL is two IN lists of any length.
        var set = db.Set<StoredAssociationRule>().AsNoTracking();
        var antecedents = await set.Select(r => r.Antecedent).Distinct().ToListAsync(cancellationToken);
        var consequents = await set.Select(r => r.Consequent).Distinct().ToListAsync(cancellationToken);
        var codes = await MatchingCodesAsync(query.Product.Trim(), antecedents, consequents, cancellationToken);
        if (codes.Count == 0)
        {
            return null;
        }

        var codeSet = codes.ToHashSet(StringComparer.Ordinal);
        var matchingAntecedents = antecedents.Where(a => CodesOf(a).Any(codeSet.Contains)).ToList();
        return rules.Where(r => matchingAntecedents.Contains(r.Antecedent) || codes.Contains(r.Consequent));
    }

    private static string[] CodesOf(string antecedent) => antecedent.Trim('|').Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The products of the stored rules that <paramref name="term"/> names: the product whose code it is exactly, else every
    /// product whose code or catalogue name contains it (ignoring case).
    /// </summary>
    private async Task<List<string>> MatchingCodesAsync(
        string term, List<string> antecedents, List<string> consequents, CancellationToken cancellationToken)
    {
        var codes = consequents.Concat(antecedents.SelectMany(CodesOf)).Distinct(StringComparer.Ordinal).ToList();
        var exact = codes.Where(c => string.Equals(c, term, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var names = await sales.ProductNamesAsync(codes, cancellationToken);
        return [.. codes.Where(c => c.Contains(term, StringComparison.OrdinalIgnoreCase)
            || (names.TryGetValue(c, out var name) && name.Contains(term, StringComparison.CurrentCultureIgnoreCase)))];
    }

    private static IQueryable<StoredAssociationRule> Sorted(IQueryable<StoredAssociationRule> rules, RuleSort sort) => sort switch
    {
        RuleSort.Confidence => rules.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenByDescending(r => r.Support).ThenBy(r => r.Id),
        RuleSort.Support => rules.OrderByDescending(r => r.Support).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Id),
        _ => rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Support).ThenBy(r => r.Id),
    };

    private async Task<IReadOnlyList<AssociationRuleRow>> ToRowsAsync(List<StoredAssociationRule> rules, CancellationToken cancellationToken)
    {
        var codes = rules.SelectMany(r => r.AntecedentCodes.Append(r.Consequent)).Distinct(StringComparer.Ordinal).ToList();
        var names = await sales.ProductNamesAsync(codes, cancellationToken);
        RuleProduct Product(string code) => new(code, names.GetValueOrDefault(code));
        return [.. rules.Select(r => new AssociationRuleRow(
            r.Id, [.. r.AntecedentCodes.Select(Product)], Product(r.Consequent), r.Support, r.SupportCount, r.Confidence, r.Lift))];
    }
}
