using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Associations;
using Crm.Analytics.Features.Shared;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.ValuePanel;

/// <summary>
/// One customer's value figures for the value panel and <c>GET /api/v1/customers/{id}/value</c>: the stored current
/// figures, the customer in the newest quarter snapshots, and the top products recommended by the stored association rules.
/// Every role that may see the customer may see them (Contacts lets every signed-in role read every customer).
/// </summary>
internal sealed class CustomerValueQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ISalesHistory sales, ICustomerDirectory customers, ICurrentUser currentUser,
    TimeProvider clock)
{
    public const int HistoryPeriods = 6;
    public const int MaxRecommendations = 3;

    /// <summary>The roles that see customers (Contacts: everyone signed in with a role of eCRM reads every customer).</summary>
    public static bool CanSee(ICurrentUser user) => CrmRoles.All.Any(user.IsInRole);

    /// <summary>The customer's figures, or why there are none; <see cref="NotFoundException"/> for an unknown customer.</summary>
    public async Task<CustomerValueLookup> GetAsync(long customerId, CancellationToken cancellationToken = default)
    {
        if (!CanSee(currentUser))
        {
            throw new ForbiddenException("Sign in with a role of eCRM to see customers.");
        }

        if (await customers.FindAsync(customerId, cancellationToken) is null)
        {
            throw new NotFoundException($"No customer with id {customerId}.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<CustomerValueRecord>().AsNoTracking().SingleOrDefaultAsync(v => v.CustomerId == customerId, cancellationToken);
        if (row is null)
        {
            var purchases = await sales.PurchasesOfCustomerAsync(customerId, cancellationToken);
            return new CustomerValueLookup(null, purchases.Count == 0 ? CustomerValueMissing.NoPurchases : CustomerValueMissing.NotComputed);
        }

        var history = await (
                from s in db.Set<ValueSnapshotCustomer>().AsNoTracking()
                join h in db.Set<ValueSnapshot>().AsNoTracking() on s.Period equals h.Period
                where s.CustomerId == customerId
                orderby s.Period descending
                select new { s, h.AsOf })
            .Take(HistoryPeriods)
            .ToListAsync(cancellationToken);
        var recommendations = await RecommendAsync(db, customerId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new CustomerValueLookup(new CustomerValueDto(
            row.CustomerId, row.AsOf, DateTime.SpecifyKind(row.UpdatedAtUtc, DateTimeKind.Utc), row.UpdatedLive, row.FirstPurchaseOn, row.LastPurchaseOn,
            row.RecencyDays, row.Frequency, row.Monetary, row.Profit, row.ServiceCost,
            row.RecencyScore, row.FrequencyScore, row.MonetaryScore, row.Segment,
            TierNames.Of(row.SpendTier), row.ProfitTier is null ? null : TierNames.Of(row.ProfitTier),
            row.ProbabilityAlive, row.ExpectedPurchases, row.ExpectedOrderValue, row.Clv,
            AliveExplanation.For(row.ProbabilityAlive, row.RepeatPurchases, row.Frequency, row.FirstPurchaseOn, row.LastPurchaseOn, row.AsOf),
            row.UsualIntervalDays, row.NextPurchaseOn, row.DueOn, row.DueOn is { } due && due <= today,
            [.. history.Select(x => new CustomerTierHistoryItem(
                x.s.Period, x.AsOf, x.s.Segment, x.s.Monetary, x.s.Frequency, TierNames.Of(x.s.SpendTier),
                x.s.ProfitTier is null ? null : TierNames.Of(x.s.ProfitTier), x.s.PeriodSpend, TierNames.Of(x.s.PeriodTier),
                x.s.Clv, x.s.ProbabilityAlive))],
            recommendations), CustomerValueMissing.None);
    }

    /// <summary>
    /// The rule recommender's logic on the stored rules: rules whose whole antecedent the customer has bought and whose
    /// consequent they have not (rules with an empty antecedent, mere popularity, left out); each consequent once, with its rule of best confidence (then lift, then support); the best
    /// <see cref="MaxRecommendations"/> consequents by that confidence.
    /// </summary>
    private async Task<IReadOnlyList<CustomerRecommendation>> RecommendAsync(CrmDbContext db, long customerId, CancellationToken cancellationToken)
    {
        var bought = await sales.ProductCodesBoughtAsync(customerId, cancellationToken);
        if (bought.Count == 0)
        {
            return [];
        }

        var boughtSet = bought.ToHashSet(StringComparer.Ordinal);
        var count = bought.Count;
        var candidates = await db.Set<StoredAssociationRule>().AsNoTracking()
            .Where(r => r.AntecedentSize > 0 && r.AntecedentSize <= count && !bought.Contains(r.Consequent))
            .ToListAsync(cancellationToken);
        var best = candidates
            .Where(r => r.AntecedentCodes.All(boughtSet.Contains))
            .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenByDescending(r => r.Support)
            .ThenBy(r => r.Consequent, StringComparer.Ordinal).ThenBy(r => r.Antecedent, StringComparer.Ordinal)
            .DistinctBy(r => r.Consequent)
            .Take(MaxRecommendations)
            .ToList();
        if (best.Count == 0)
        {
            return [];
        }

        var names = await sales.ProductNamesAsync([.. best.SelectMany(r => r.AntecedentCodes.Append(r.Consequent)).Distinct()], cancellationToken);
        RuleProduct Product(string code) => new(code, names.GetValueOrDefault(code));
        return [.. best.Select(r =>
        {
            var because = r.AntecedentCodes.Select(Product).ToList();
            var product = Product(r.Consequent);
            return new CustomerRecommendation(product, because, r.Confidence, r.Lift, r.Support, r.SupportCount, Reason(because, product, r.Confidence));
        })];
    }

    /// <summary>"Bought A and B; 64% of baskets with them also had C."</summary>
    public static string Reason(IReadOnlyList<RuleProduct> because, RuleProduct product, double confidence)
    {
        ArgumentNullException.ThrowIfNull(because);
        ArgumentNullException.ThrowIfNull(product);
        var names = because.Select(p => p.Name ?? p.Code).ToList();
        var list = names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " and " + names[^1];
        var percent = confidence.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
        return $"Bought {list}; {percent} of baskets with {(names.Count == 1 ? "it" : "them")} also had {product.Name ?? product.Code}.";
    }
}
