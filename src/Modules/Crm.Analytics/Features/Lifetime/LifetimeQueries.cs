using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Analytics.Features.Shared;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Lifetime;

/// <summary>
/// The lifetime-value dashboard over the current figures (<c>Analytics_CustomerValues</c>) and the current model: KPIs,
/// the CLV distribution, the top customers by CLV and the valuable customers at risk. Managers and Admins only.
/// </summary>
internal sealed class LifetimeQueries(
    IDbContextFactory<CrmDbContext> contextFactory, CurrentValueModel currentModel, ICustomerDirectory directory, ICurrentUser currentUser)
{
    public const int HorizonWeeks = 52;
    public const int MaxPageSize = 200;

    public static bool MayRead(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static void EnsureRead(ICurrentUser user)
    {
        if (!MayRead(user))
        {
            throw new ForbiddenException("Only Managers and Admins see the lifetime-value dashboards.");
        }
    }

    public async Task<LifetimeOverview> OverviewAsync(CancellationToken cancellationToken = default)
    {
        EnsureRead(currentUser);
        var loaded = await currentModel.GetAsync(cancellationToken);
        LifetimeModelCard? model = loaded is { Purchases: { } bg }
            ? new LifetimeModelCard(
                loaded.RunId, loaded.AsOf, loaded.Row.Customers, bg.R, bg.Alpha, bg.A, bg.B, loaded.Spend?.P, loaded.Spend?.Q, loaded.Spend?.Gamma,
                HorizonWeeks, Discounted: false)
            : null;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var values = db.Set<CustomerValueRecord>().AsNoTracking();
        var customers = await values.CountAsync(cancellationToken);
        DateOnly? asOf = customers == 0 ? null : await values.MaxAsync(v => v.AsOf, cancellationToken);
        // Only the CLV column is read; the distribution's edges depend on the smallest and largest value.
        var clv = await values.Where(v => v.Clv != null).Select(v => v.Clv!.Value).ToListAsync(cancellationToken);
        var withProbability = values.Where(v => v.ProbabilityAlive != null);
        var probabilityCount = await withProbability.CountAsync(cancellationToken);
        double? averageProbability = probabilityCount == 0 ? null : await withProbability.AverageAsync(v => v.ProbabilityAlive!.Value, cancellationToken);
        var total = 0.0;
        foreach (var value in clv)
        {
            total += value;
        }

        return new LifetimeOverview(
            asOf, model, customers, clv.Count, total, clv.Count == 0 ? null : total / clv.Count, probabilityCount, averageProbability,
            ClvDistribution.Compute(clv));
    }

    /// <summary>Customers with a CLV, highest first (ties by customer id).</summary>
    public async Task<PagedResult<ClvCustomerRow>> TopClvAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        EnsureRead(currentUser);
        EnsurePaging(page, pageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Set<CustomerValueRecord>().AsNoTracking().Where(v => v.Clv != null);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(v => v.Clv).ThenBy(v => v.CustomerId)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(v => new
            {
                v.CustomerId, v.Clv, v.ProbabilityAlive, v.ExpectedPurchases, v.ExpectedOrderValue, v.Monetary, v.SpendTier,
                v.RepeatPurchases, v.Frequency, v.FirstPurchaseOn, v.LastPurchaseOn, v.AsOf,
            })
            .ToListAsync(cancellationToken);
        var names = await directory.DisplayNamesAsync(rows.Select(r => r.CustomerId), cancellationToken);
        var items = rows.Select((r, i) => new ClvCustomerRow(
            Paging.Offset(page, pageSize) + i + 1, r.CustomerId, NameOf(names, r.CustomerId), r.Clv!.Value, r.ProbabilityAlive, r.ExpectedPurchases,
            r.ExpectedOrderValue, r.Monetary, TierNames.Of(r.SpendTier),
            AliveExplanation.For(r.ProbabilityAlive, r.RepeatPurchases, r.Frequency, r.FirstPurchaseOn, r.LastPurchaseOn, r.AsOf))).ToList();
        return new PagedResult<ClvCustomerRow>(items, total, page, pageSize);
    }

    /// <summary>Problems with an at-risk request, named by the API's field names.</summary>
    public static OperationResult Validate(string? minTier, double maxProbabilityAlive, int page, int pageSize, out AtRiskFilter filter)
    {
        var errors = new List<ValidationError>();
        var tier = string.IsNullOrWhiteSpace(minTier) ? AtRiskFilter.DefaultMinTier : TierNames.Parse(minTier);
        if (tier is null or < 1)
        {
            errors.Add(new ValidationError("minTier", "Name a tier by spend: Bronze, Silver, Gold or Platinum (or 1 to 4)."));
        }

        if (double.IsNaN(maxProbabilityAlive) || maxProbabilityAlive <= 0 || maxProbabilityAlive > 1)
        {
            errors.Add(new ValidationError("maxProbabilityAlive", "P(alive) threshold must be above 0 and at most 1."));
        }

        errors.AddRange(PagingErrors(page, pageSize));
        filter = new AtRiskFilter(tier is null or < 1 ? AtRiskFilter.DefaultMinTier : tier.Value, maxProbabilityAlive);
        return new OperationResult(errors);
    }

    internal static IEnumerable<ValidationError> PagingErrors(int page, int pageSize)
    {
        if (page < 0)
        {
            yield return new ValidationError("page", "Pages count from 0.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            yield return new ValidationError("pageSize", $"Page size must be between 1 and {MaxPageSize}.");
        }
    }

    /// <summary>
    /// Valuable customers at risk: tier by spend at least the filter's, P(alive) below its threshold; highest past spend first
    /// (ties by customer id).
    /// </summary>
    public async Task<PagedResult<AtRiskCustomerRow>> AtRiskAsync(AtRiskFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        EnsureRead(currentUser);
        EnsurePaging(page, pageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = AtRisk(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await AtRiskPageAsync(query, page, pageSize, cancellationToken);
        return new PagedResult<AtRiskCustomerRow>(items, total, page, pageSize);
    }

    /// <summary>Every at-risk customer, in pages of <see cref="MaxPageSize"/>, for the CSV export.</summary>
    public async IAsyncEnumerable<AtRiskCustomerRow> AllAtRiskAsync(
        AtRiskFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        EnsureRead(currentUser);
        for (var page = 0; ; page++)
        {
            List<AtRiskCustomerRow> items;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                items = await AtRiskPageAsync(AtRisk(db, filter), page, MaxPageSize, cancellationToken);
            }

            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count < MaxPageSize)
            {
                yield break;
            }
        }
    }

    private static IQueryable<CustomerValueRecord> AtRisk(CrmDbContext db, AtRiskFilter filter)
    {
        var minTier = filter.MinTier;
        var threshold = filter.MaxProbabilityAlive;
        return db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.SpendTier >= minTier && v.ProbabilityAlive != null && v.ProbabilityAlive < threshold);
    }

    private async Task<List<AtRiskCustomerRow>> AtRiskPageAsync(
        IQueryable<CustomerValueRecord> query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await query
            .OrderByDescending(v => v.Monetary).ThenBy(v => v.CustomerId)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(v => new
            {
                v.CustomerId, v.Monetary, v.SpendTier, v.ProbabilityAlive, v.Clv, v.Frequency, v.LastPurchaseOn, v.RecencyDays, v.Segment,
                v.RepeatPurchases, v.FirstPurchaseOn, v.AsOf,
            })
            .ToListAsync(cancellationToken);
        var names = await directory.DisplayNamesAsync(rows.Select(r => r.CustomerId), cancellationToken);
        return rows.Select(r => new AtRiskCustomerRow(
            r.CustomerId, NameOf(names, r.CustomerId), r.Monetary, TierNames.Of(r.SpendTier), r.ProbabilityAlive!.Value, r.Clv, r.Frequency,
            r.LastPurchaseOn, r.RecencyDays, r.Segment,
            AliveExplanation.For(r.ProbabilityAlive, r.RepeatPurchases, r.Frequency, r.FirstPurchaseOn, r.LastPurchaseOn, r.AsOf))).ToList();
    }

    private static void EnsurePaging(int page, int pageSize)
    {
        var error = PagingErrors(page, pageSize).FirstOrDefault();
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(error.Field, error.Message);
        }
    }

    internal static string NameOf(IReadOnlyDictionary<long, string> names, long customerId) =>
        names.TryGetValue(customerId, out var name) ? name : $"Customer #{customerId}";
}
