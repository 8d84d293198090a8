using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.RfmDashboard;
using Crm.Analytics.Features.Runs;
using Crm.Analytics.Features.Shared;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.CustomerList;

/// <summary>
/// Which customers the list shows: the figures (<see cref="Source"/>), optionally one heat-map cell (<see cref="R"/> and/or
/// <see cref="F"/>), one segment and one tier by spend or by profit. Travels in URLs as
/// <c>?source=live&amp;r=5&amp;f=4&amp;segment=Champions&amp;spendTier=Gold&amp;profitTier=Silver</c>.
/// </summary>
internal sealed record CustomerValueFilter
{
    public ValueSource Source { get; init; } = ValueSource.Live;

    /// <summary>Recency score 1-5.</summary>
    public byte? R { get; init; }

    /// <summary>Frequency score 1-5.</summary>
    public byte? F { get; init; }

    /// <summary>Segment name, for example "Champions" (exact, case ignored).</summary>
    public string? Segment { get; init; }

    /// <summary>Tier by spend: 1 Bronze, 2 Silver, 3 Gold, 4 Platinum.</summary>
    public byte? SpendTier { get; init; }

    /// <summary>Tier by profit: 1 Bronze .. 4 Platinum.</summary>
    public byte? ProfitTier { get; init; }

    public bool HasConditions => R is not null || F is not null || Segment is not null || SpendTier is not null || ProfitTier is not null;

    /// <summary>Reads the URL values; unknown or out-of-range values are ignored (no condition).</summary>
    public static CustomerValueFilter Parse(string? source, string? r, string? f, string? segment, string? spendTier, string? profitTier) => new()
    {
        Source = ValueSource.Parse(source),
        R = Score(r),
        F = Score(f),
        Segment = string.IsNullOrWhiteSpace(segment) ? null : segment.Trim(),
        SpendTier = TierNames.Parse(spendTier) is { } s and >= 1 ? s : null,
        ProfitTier = TierNames.Parse(profitTier) is { } p and >= 1 ? p : null,
    };

    /// <summary>What is wrong with the URL values (for a 400 from the API), or null when <see cref="Parse"/> reads them all.</summary>
    public static string? Problem(string? source, string? r, string? f, string? spendTier, string? profitTier)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(source) && !string.Equals(source, ValueSource.LiveKey, StringComparison.OrdinalIgnoreCase) && ValueSource.Parse(source).IsLive)
        {
            problems.Add($"source must be \"live\" or a quarter such as \"2026-Q3\", not \"{source}\".");
        }

        if (!string.IsNullOrWhiteSpace(r) && Score(r) is null)
        {
            problems.Add("r (recency score) must be 1 to 5.");
        }

        if (!string.IsNullOrWhiteSpace(f) && Score(f) is null)
        {
            problems.Add("f (frequency score) must be 1 to 5.");
        }

        if (!string.IsNullOrWhiteSpace(spendTier) && TierNames.Parse(spendTier) is null or 0)
        {
            problems.Add("spendTier must be Bronze, Silver, Gold or Platinum (or 1-4).");
        }

        if (!string.IsNullOrWhiteSpace(profitTier) && TierNames.Parse(profitTier) is null or 0)
        {
            problems.Add("profitTier must be Bronze, Silver, Gold or Platinum (or 1-4).");
        }

        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    /// <summary>The query string of this filter (without the leading "?"), for links and the export.</summary>
    public string ToQueryString()
    {
        var parts = new List<string> { "source=" + Uri.EscapeDataString(Source.Key) };
        if (R is { } r)
        {
            parts.Add("r=" + r.ToString(CultureInfo.InvariantCulture));
        }

        if (F is { } f)
        {
            parts.Add("f=" + f.ToString(CultureInfo.InvariantCulture));
        }

        if (Segment is { } segment)
        {
            parts.Add("segment=" + Uri.EscapeDataString(segment));
        }

        if (SpendTier is { } spend)
        {
            parts.Add("spendTier=" + TierNames.Of(spend));
        }

        if (ProfitTier is { } profit)
        {
            parts.Add("profitTier=" + TierNames.Of(profit));
        }

        return string.Join('&', parts);
    }

    private static byte? Score(string? value) =>
        byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var score) && score is >= 1 and <= 5 ? score : null;
}

/// <summary>A page request of the customer-value list.</summary>
internal sealed record CustomerValueListRequest(
    CustomerValueFilter Filter, CustomerValueSort Sort = CustomerValueSort.Monetary, bool Descending = true, int Page = 0, int PageSize = 25);

/// <summary>One customer's figures in the list. Snapshots do not keep recency days (null there).</summary>
/// <param name="CustomerId">The customer's id (page: <c>/customers/{id}</c>).</param>
/// <param name="Name">The customer's display name.</param>
/// <param name="Segment">RFM segment.</param>
/// <param name="RecencyScore">R, 1-5 (5 = most recent).</param>
/// <param name="FrequencyScore">F, 1-5 (5 = most purchase orders).</param>
/// <param name="MonetaryScore">M, 1-5 (5 = highest spend).</param>
/// <param name="RecencyDays">Whole days from the last purchase to the as-of date (live figures only).</param>
/// <param name="Frequency">Purchase orders up to the as-of date.</param>
/// <param name="Monetary">Cumulative purchase amounts up to the as-of date.</param>
/// <param name="SpendTier">Tier by spend (Platinum, Gold, Silver, Bronze).</param>
/// <param name="ProfitTier">Tier by profit; null when profit is unknown (a cost of goods is missing).</param>
/// <param name="Clv">Expected spend in the next 52 weeks (BG/NBD x Gamma-Gamma), when a model was fitted.</param>
/// <param name="ProbabilityAlive">BG/NBD probability that the customer is still active (0-1), when a model was fitted.</param>
/// <param name="ProbabilityAliveExplanation">Why P(alive) and CLV are what they are (live figures only: snapshots do not keep the purchase days it needs).</param>
internal sealed record CustomerValueListItem(
    long CustomerId, string Name, string Segment, int RecencyScore, int FrequencyScore, int MonetaryScore, int? RecencyDays,
    int Frequency, decimal Monetary, string SpendTier, string? ProfitTier, double? Clv, double? ProbabilityAlive,
    AliveExplanation? ProbabilityAliveExplanation = null);

/// <summary>
/// The customers behind a heat-map cell, a segment or a tier, with their value figures, from the live figures or a
/// quarter's snapshot: the page <c>/analytics/customers</c>, its CSV export and <c>/api/v1/analytics/customers</c>.
/// Managers and Admins only. Names come from Contacts for the rows read only.
/// </summary>
internal sealed class CustomerValueListQuery(IDbContextFactory<CrmDbContext> contextFactory, ICustomerDirectory directory, ICurrentUser currentUser)
{
    public const int MaxPageSize = 500;

    /// <summary>Rows named per round trip to Contacts in the export.</summary>
    public const int ExportBatch = 500;

    public async Task<PagedResult<CustomerValueListItem>> ListAsync(CustomerValueListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValueRunQueries.EnsureManager(currentUser);
        var page = Math.Max(0, request.Page);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(db, request.Filter);
        var total = await rows.CountAsync(cancellationToken);
        var items = await Sorted(rows, request.Sort, request.Descending).Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var names = await directory.DisplayNamesAsync(items.Select(i => i.CustomerId), cancellationToken);
        return new PagedResult<CustomerValueListItem>([.. items.Select(i => Item(i, names))], total, page, pageSize);
    }

    /// <summary>Every customer of the filter in the given order, named in batches of <see cref="ExportBatch"/>.</summary>
    /// <remarks>The role is checked at once (before the caller starts writing a response), not at the first row.</remarks>
    public IAsyncEnumerable<CustomerValueListItem> AllAsync(
        CustomerValueFilter filter, CustomerValueSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ValueRunQueries.EnsureManager(currentUser);
        return StreamAsync(filter, sort, descending, cancellationToken);
    }

    private async IAsyncEnumerable<CustomerValueListItem> StreamAsync(
        CustomerValueFilter filter, CustomerValueSort sort, bool descending, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var batch = new List<Row>(ExportBatch);
        await foreach (var row in Sorted(Filtered(db, filter), sort, descending).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == ExportBatch)
            {
                foreach (var item in await NameAsync(batch, cancellationToken))
                {
                    yield return item;
                }

                batch.Clear();
            }
        }

        foreach (var item in await NameAsync(batch, cancellationToken))
        {
            yield return item;
        }
    }

    private async Task<List<CustomerValueListItem>> NameAsync(List<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var names = await directory.DisplayNamesAsync(rows.Select(r => r.CustomerId), cancellationToken);
        return [.. rows.Select(r => Item(r, names))];
    }

    private static CustomerValueListItem Item(Row r, IReadOnlyDictionary<long, string> names) => new(
        r.CustomerId, names.GetValueOrDefault(r.CustomerId) ?? $"#{r.CustomerId}", r.Segment, r.RecencyScore, r.FrequencyScore,
        r.MonetaryScore, r.RecencyDays, r.Frequency, r.Monetary, TierNames.Of(r.SpendTier), r.ProfitTier is null ? null : TierNames.Of(r.ProfitTier), r.Clv, r.ProbabilityAlive,
        r is { RepeatPurchases: { } x, FirstPurchaseOn: { } first, LastPurchaseOn: { } last, AsOf: { } asOf }
            ? AliveExplanation.For(r.ProbabilityAlive, x, r.Frequency, first, last, asOf)
            : null);

    private static IQueryable<Row> Filtered(CrmDbContext db, CustomerValueFilter filter)
    {
        IQueryable<Row> rows;
        if (filter.Source.IsLive)
        {
            rows = db.Set<CustomerValueRecord>().AsNoTracking().Select(v => new Row
            {
                CustomerId = v.CustomerId,
                Segment = v.Segment,
                RecencyScore = v.RecencyScore,
                FrequencyScore = v.FrequencyScore,
                MonetaryScore = v.MonetaryScore,
                RecencyDays = v.RecencyDays,
                Frequency = v.Frequency,
                Monetary = v.Monetary,
                SpendTier = v.SpendTier,
                ProfitTier = v.ProfitTier,
                Clv = v.Clv,
                ProbabilityAlive = v.ProbabilityAlive,
                RepeatPurchases = v.RepeatPurchases,
                FirstPurchaseOn = v.FirstPurchaseOn,
                LastPurchaseOn = v.LastPurchaseOn,
                AsOf = v.AsOf,
            });
        }
        else
        {
            var period = filter.Source.Period;
            rows = db.Set<ValueSnapshotCustomer>().AsNoTracking().Where(s => s.Period == period).Select(s => new Row
            {
                CustomerId = s.CustomerId,
                Segment = s.Segment,
                RecencyScore = s.RecencyScore,
                FrequencyScore = s.FrequencyScore,
                MonetaryScore = s.MonetaryScore,
                RecencyDays = null,
                Frequency = s.Frequency,
                Monetary = s.Monetary,
                SpendTier = s.SpendTier,
                ProfitTier = s.ProfitTier,
                Clv = s.Clv,
                ProbabilityAlive = s.ProbabilityAlive,
            });
        }

        if (filter.R is { } r)
        {
            rows = rows.Where(x => x.RecencyScore == r);
        }

        if (filter.F is { } f)
        {
            rows = rows.Where(x => x.FrequencyScore == f);
        }

        if (filter.Segment is { } segment)
        {
            var name = CanonicalSegment(segment);
            rows = rows.Where(x => x.Segment == name);
        }

        if (filter.SpendTier is { } spend)
        {
            rows = rows.Where(x => x.SpendTier == spend);
        }

        if (filter.ProfitTier is { } profit)
        {
            rows = rows.Where(x => x.ProfitTier == profit);
        }

        return rows;
    }

    /// <summary>The stored spelling of a segment name given in any case; unknown names stay as given (and match nothing).</summary>
    private static string CanonicalSegment(string segment) =>
        RfmQueries.SegmentOrder.Select(s => s.Name).FirstOrDefault(n => string.Equals(n, segment, StringComparison.OrdinalIgnoreCase)) ?? segment;

    private static IOrderedQueryable<Row> Sorted(IQueryable<Row> rows, CustomerValueSort sort, bool descending)
    {
        var sorted = sort switch
        {
            CustomerValueSort.Frequency => Order(rows, x => x.Frequency, descending),
            CustomerValueSort.RecencyDays => Order(rows, x => x.RecencyDays, descending),
            CustomerValueSort.RecencyScore => Order(rows, x => x.RecencyScore, descending),
            CustomerValueSort.FrequencyScore => Order(rows, x => x.FrequencyScore, descending),
            CustomerValueSort.MonetaryScore => Order(rows, x => x.MonetaryScore, descending),
            CustomerValueSort.Segment => Order(rows, x => x.Segment, descending),
            CustomerValueSort.SpendTier => Order(rows, x => x.SpendTier, descending),
            CustomerValueSort.ProfitTier => Order(rows, x => x.ProfitTier, descending),
            CustomerValueSort.Clv => Order(rows, x => x.Clv, descending),
            CustomerValueSort.ProbabilityAlive => Order(rows, x => x.ProbabilityAlive, descending),
            CustomerValueSort.CustomerId => Order(rows, x => x.CustomerId, descending),
            _ => Order(rows, x => x.Monetary, descending),
        };

        // A stable order for paging: ties by monetary value, then by id.
        return sort == CustomerValueSort.CustomerId
            ? sorted
            : sort == CustomerValueSort.Monetary
                ? (descending ? sorted.ThenByDescending(x => x.CustomerId) : sorted.ThenBy(x => x.CustomerId))
                : sorted.ThenByDescending(x => x.Monetary).ThenBy(x => x.CustomerId);
    }

    private static IOrderedQueryable<Row> Order<TKey>(IQueryable<Row> rows, System.Linq.Expressions.Expression<Func<Row, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    /// <summary>The columns shared by the live figures and the snapshots.</summary>
    private sealed class Row
    {
        public long CustomerId { get; init; }

        public string Segment { get; init; } = "";

        public byte RecencyScore { get; init; }

        public byte FrequencyScore { get; init; }

        public byte MonetaryScore { get; init; }

        public int? RecencyDays { get; init; }

        public int Frequency { get; init; }

        public decimal Monetary { get; init; }

        public byte SpendTier { get; init; }

        public byte? ProfitTier { get; init; }

        public double? Clv { get; init; }

        public double? ProbabilityAlive { get; init; }

        /// <summary>The purchase days behind P(alive)'s explanation: live figures only (null in snapshots).</summary>
        public int? RepeatPurchases { get; init; }

        public DateOnly? FirstPurchaseOn { get; init; }

        public DateOnly? LastPurchaseOn { get; init; }

        public DateOnly? AsOf { get; init; }
    }
}
