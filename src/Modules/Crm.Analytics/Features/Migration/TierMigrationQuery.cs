using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Value;
using Crm.Analytics.Features.Shared;
using Crm.Analytics.Features.Tiers;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Analytics.Features.Migration;

/// <summary>A quarter with a snapshot: its as-of date, the run that wrote it, its buyers and their spend in the quarter.</summary>
internal sealed record SnapshotPeriod(string Period, DateOnly AsOf, long RunId, int Buyers, decimal Revenue);

/// <summary>
/// Customers in tier <paramref name="From"/> in the first quarter and <paramref name="To"/> in the second ("None" = no
/// purchase in that quarter: new customers in the None row, customers gone in the None column), with their spend in each
/// quarter.
/// </summary>
internal sealed record MigrationCell(string From, string To, byte FromTier, byte ToTier, int Customers, decimal ValueBefore, decimal ValueAfter);

/// <summary>
/// The 5 × 5 tier-migration matrix between two quarters (tiers by spend within each quarter) and its totals: customers
/// counted, those who fell a tier or more (including to None), rose (including new ones), stayed; new and gone; and the
/// spend lost by those who fell.
/// </summary>
internal sealed record MigrationMatrix(
    string From, string To, DateOnly FromAsOf, DateOnly ToAsOf, int Customers, int Fell, int Rose, int Stayed, int New, int Gone,
    decimal ValueLost, IReadOnlyList<MigrationCell> Cells);

/// <summary>A customer whose tier fell between the quarters: spend in each and the difference (value lost).</summary>
internal sealed record FallenRow(long CustomerId, string Name, string FromTier, string ToTier, decimal SpendBefore, decimal SpendAfter, decimal ValueLost);

/// <summary>The result of a comparison, or the problems with the requested periods (named by field: from, to).</summary>
internal sealed record MigrationOutcome(OperationResult Validation, MigrationComparison? Comparison)
{
    public bool Succeeded => Comparison is not null;
}

/// <summary>A computed comparison, kept in the memory cache for a few minutes per pair of snapshots.</summary>
internal sealed record MigrationComparison(SnapshotPeriod From, SnapshotPeriod To, MigrationMatrix Matrix, FallenEntry[] Fallen);

/// <summary>One fallen customer before names are looked up.</summary>
internal readonly record struct FallenEntry(long CustomerId, byte From, byte To, decimal SpendBefore, decimal SpendAfter)
{
    public decimal ValueLost => SpendBefore - SpendAfter;
}

/// <summary>
/// Tier migration between two quarter snapshots, for Managers and Admins: each customer's tier by spend within the quarter
/// (<c>PeriodTier</c> of <c>Analytics_SnapshotCustomers</c>) in both, compared by the engine's <see cref="TierMigration"/>
/// (customer ids mapped to dense indexes). A comparison is cached for a few minutes under the two periods and the ids of the
/// runs that wrote them, so a recompute that rewrites a snapshot is seen at once.
/// </summary>
internal sealed class TierMigrationQuery(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, IMemoryCache cache)
{
    public const int MaxPageSize = 500;

    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    /// <summary>Row and column order of the matrix: Platinum first, None (new / gone) last.</summary>
    public static IReadOnlyList<byte> TierOrder { get; } = [4, 3, 2, 1, 0];

    public static bool MaySee(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static string Label(byte tier, bool asTarget) => tier == 0 ? (asTarget ? "None (gone)" : "None (new)") : TierNames.Of(tier);

    /// <summary>The quarters with a snapshot, most recent first.</summary>
    public async Task<IReadOnlyList<SnapshotPeriod>> PeriodsAsync(CancellationToken cancellationToken = default)
    {
        Demand();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ValueSnapshot>().AsNoTracking()
            .Select(s => new { s.Period, s.AsOf, s.RunId, s.PeriodBuyers, s.PeriodRevenue })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new SnapshotPeriod(s.Period, s.AsOf, s.RunId, s.PeriodBuyers, s.PeriodRevenue))
            .OrderByDescending(s => s.Period, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Compares quarter <paramref name="from"/> with the later quarter <paramref name="to"/> ("2026-Q3"). Either may be
    /// left out: <paramref name="to"/> defaults to the most recent snapshot, <paramref name="from"/> to the one before it.
    /// </summary>
    public async Task<MigrationOutcome> CompareAsync(string? from, string? to, CancellationToken cancellationToken = default)
    {
        Demand();
        var periods = await PeriodsAsync(cancellationToken);
        var (validation, before, after) = Resolve(periods, from, to);
        if (!validation.Succeeded)
        {
            return new MigrationOutcome(validation, null);
        }

        var key = $"analytics:tier-migration:{before!.Period}:{before.RunId}:{after!.Period}:{after.RunId}";
        if (cache.TryGetValue(key, out MigrationComparison? cached) && cached is not null)
        {
            return new MigrationOutcome(OperationResult.Success, cached);
        }

        var comparison = await ComputeAsync(before, after, cancellationToken);
        cache.Set(key, comparison, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return new MigrationOutcome(OperationResult.Success, comparison);
    }

    /// <summary>A page of the customers who fell a tier, by value lost (largest first), then customer id.</summary>
    public async Task<PagedResult<FallenRow>> FallenPageAsync(MigrationComparison comparison, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Demand();
        page = Math.Max(0, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var slice = comparison.Fallen.Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToArray();
        return new PagedResult<FallenRow>(await NamedAsync(slice, cancellationToken), comparison.Fallen.Length, page, pageSize);
    }

    /// <summary>The whole worklist as CSV (same order); names are defused against formulas.</summary>
    public async Task WriteFallenCsvAsync(MigrationComparison comparison, Stream output, CancellationToken cancellationToken = default)
    {
        Demand();
        await using var csv = new AnalyticsCsv(output);
        await csv.WriteAsync(
            ["customer_id", "customer", "from_period", "to_period", "from_tier", "to_tier", "spend_before", "spend_after", "value_lost"],
            cancellationToken);
        foreach (var chunk in comparison.Fallen.Chunk(500))
        {
            foreach (var row in await NamedAsync(chunk, cancellationToken))
            {
                await csv.WriteAsync(
                [
                    AnalyticsCsv.Id(row.CustomerId), AnalyticsCsv.Text(row.Name), AnalyticsCsv.Text(comparison.From.Period),
                    AnalyticsCsv.Text(comparison.To.Period), AnalyticsCsv.Text(row.FromTier), AnalyticsCsv.Text(row.ToTier),
                    AnalyticsCsv.Number(row.SpendBefore), AnalyticsCsv.Number(row.SpendAfter), AnalyticsCsv.Number(row.ValueLost),
                ], cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }
    }

    private static (OperationResult Validation, SnapshotPeriod? From, SnapshotPeriod? To) Resolve(
        IReadOnlyList<SnapshotPeriod> periods, string? from, string? to)
    {
        var errors = new List<ValidationError>();
        var known = string.Join(", ", periods.Select(p => p.Period).Order(StringComparer.Ordinal));
        SnapshotPeriod? Find(string field, string value)
        {
            if (ValueSource.Parse(value.Trim()) is not { IsLive: false } source)
            {
                errors.Add(new ValidationError(field, $"'{value}' is not a quarter: write it as yyyy-Qn, for example 2026-Q3."));
                return null;
            }

            var period = periods.FirstOrDefault(p => p.Period == source.Period);
            if (period is null)
            {
                errors.Add(new ValidationError(field, periods.Count == 0
                    ? $"There is no snapshot of {source.Period}: no quarter has one yet. Run a recompute."
                    : $"There is no snapshot of {source.Period}. Quarters with a snapshot: {known}."));
            }

            return period;
        }

        SnapshotPeriod? after;
        if (string.IsNullOrWhiteSpace(to))
        {
            after = string.IsNullOrWhiteSpace(from)
                ? (periods.Count > 0 ? periods[0] : null)
                : periods.FirstOrDefault(p => string.CompareOrdinal(p.Period, from.Trim()) > 0);
            if (after is null && (periods.Count > 0 || string.IsNullOrWhiteSpace(from)))
            {
                errors.Add(new ValidationError("to", periods.Count == 0
                    ? "No quarter has a snapshot yet: run a recompute."
                    : $"There is no snapshot after {from?.Trim()}. Quarters with a snapshot: {known}."));
            }
        }
        else
        {
            after = Find("to", to);
        }

        SnapshotPeriod? before;
        if (string.IsNullOrWhiteSpace(from))
        {
            before = after is null ? null : periods.FirstOrDefault(p => string.CompareOrdinal(p.Period, after.Period) < 0);
            if (before is null && after is not null)
            {
                errors.Add(new ValidationError("from", $"There is no snapshot before {after.Period}: run a recompute as of a date in an earlier quarter. Quarters with a snapshot: {known}."));
            }
        }
        else
        {
            before = Find("from", from);
        }

        if (before is not null && after is not null && string.CompareOrdinal(before.Period, after.Period) >= 0)
        {
            errors.Add(new ValidationError("to", $"Pick a quarter later than {before.Period} (from)."));
        }

        return errors.Count > 0 ? (new OperationResult(errors), null, null) : (OperationResult.Success, before, after);
    }

    private async Task<MigrationComparison> ComputeAsync(SnapshotPeriod from, SnapshotPeriod to, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var snapshots = db.Set<ValueSnapshotCustomer>().AsNoTracking();
        // Customers with tier None did not buy in the quarter and count as absent, so only buyers are read.
        var before = await snapshots.Where(s => s.Period == from.Period && s.PeriodTier > 0)
            .Select(s => new PeriodFigure(s.CustomerId, s.PeriodTier, s.PeriodSpend)).ToListAsync(cancellationToken);
        var after = await snapshots.Where(s => s.Period == to.Period && s.PeriodTier > 0)
            .Select(s => new PeriodFigure(s.CustomerId, s.PeriodTier, s.PeriodSpend)).ToListAsync(cancellationToken);

        // The engine takes int ids: dense indexes in ascending customer-id order (so its id tie rule is the customers').
        var ids = before.Select(b => b.CustomerId).Concat(after.Select(a => a.CustomerId)).Distinct().Order().ToArray();
        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i]] = i;
        }

        var spendBefore = new decimal[ids.Length];
        var spendAfter = new decimal[ids.Length];
        var (idsBefore, tiersBefore, valuesBefore) = Inputs(before, index, spendBefore);
        var (idsAfter, tiersAfter, valuesAfter) = Inputs(after, index, spendAfter);
        var result = TierMigration.Compare(idsBefore, tiersBefore, valuesBefore, idsAfter, tiersAfter, valuesAfter, cancellationToken);

        var cells = new List<MigrationCell>(25);
        int fell = 0, rose = 0, stayed = 0, newcomers = 0, gone = 0, total = 0;
        foreach (var f in TierOrder)
        {
            foreach (var t in TierOrder)
            {
                var count = result.Count((ValueTier)f, (ValueTier)t);
                cells.Add(new MigrationCell(
                    Label(f, asTarget: false), Label(t, asTarget: true), f, t, count,
                    Round(result.ValueBefore((ValueTier)f, (ValueTier)t)), Round(result.ValueAfter((ValueTier)f, (ValueTier)t))));
                total += count;
                if (t < f)
                {
                    fell += count;
                }
                else if (t > f)
                {
                    rose += count;
                }
                else
                {
                    stayed += count;
                }

                newcomers += f == 0 ? count : 0;
                gone += t == 0 ? count : 0;
            }
        }

        // Exact money per customer from the stored rows; ordered by value lost (largest first), then customer id.
        var fallen = result.Fallen
            .Select(x => new FallenEntry(ids[x.CustomerId], (byte)x.From, (byte)x.To, spendBefore[x.CustomerId], x.To == ValueTier.None ? 0m : spendAfter[x.CustomerId]))
            .OrderByDescending(x => x.ValueLost).ThenBy(x => x.CustomerId)
            .ToArray();
        var matrix = new MigrationMatrix(
            from.Period, to.Period, from.AsOf, to.AsOf, total, fell, rose, stayed, newcomers, gone, fallen.Sum(x => x.ValueLost), cells);
        return new MigrationComparison(from, to, matrix, fallen);
    }

    private static (int[] Ids, ValueTier[] Tiers, double[] Values) Inputs(List<PeriodFigure> rows, Dictionary<long, int> index, decimal[] spend)
    {
        var ids = new int[rows.Count];
        var tiers = new ValueTier[rows.Count];
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var dense = index[rows[i].CustomerId];
            ids[i] = dense;
            tiers[i] = rows[i].Tier <= (byte)ValueTier.Platinum ? (ValueTier)rows[i].Tier : throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Snapshot row of customer {rows[i].CustomerId} has an unknown tier {rows[i].Tier}."));
            values[i] = (double)rows[i].Spend;
            spend[dense] = rows[i].Spend;
        }

        return (ids, tiers, values);
    }

    private async Task<IReadOnlyList<FallenRow>> NamedAsync(IReadOnlyCollection<FallenEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        var names = await customers.DisplayNamesAsync(entries.Select(e => e.CustomerId), cancellationToken);
        return [.. entries.Select(e => new FallenRow(
            e.CustomerId, names.GetValueOrDefault(e.CustomerId, $"#{e.CustomerId}"), Label(e.From, asTarget: false), Label(e.To, asTarget: true),
            e.SpendBefore, e.SpendAfter, e.ValueLost))];
    }

    private static decimal Round(double value) => double.IsFinite(value) ? decimal.Round((decimal)value, 2) : 0m;

    private void Demand()
    {
        if (!MaySee(currentUser))
        {
            throw new ForbiddenException("Only Managers and Admins see the tier migration.");
        }
    }

    private sealed record PeriodFigure(long CustomerId, byte Tier, decimal Spend);
}
