using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Value;
using Crm.Analytics.Features.Runs;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.RfmDashboard;

/// <summary>A set of figures a dashboard can show: the live ones or a quarter's snapshot.</summary>
/// <param name="Source">"live" or the quarter ("2026-Q4"), as in <c>?source=</c>.</param>
/// <param name="AsOf">The date the figures are as of (live: the as-of date of the last successful recompute).</param>
/// <param name="Label">For people: "Live (as of 2026-11-23)" or "2026-Q3 (as of 2026-09-30)".</param>
internal sealed record RfmSourceOption(string Source, DateOnly? AsOf, string Label);

/// <summary>One heat-map cell: the customers with recency score <paramref name="R"/> and frequency score <paramref name="F"/>.</summary>
/// <param name="R">Recency score 1-5 (5 = bought most recently).</param>
/// <param name="F">Frequency score 1-5 (5 = most purchase orders).</param>
/// <param name="Segment">The RFM segment the cell belongs to.</param>
/// <param name="Customers">Customers in the cell.</param>
/// <param name="Revenue">Their cumulative purchase amounts (monetary value) up to the as-of date.</param>
internal sealed record RfmCell(int R, int F, string Segment, int Customers, decimal Revenue);

/// <summary>One RFM segment's line of the segment table.</summary>
/// <param name="Segment">Its name ("Champions", "At risk", ...).</param>
/// <param name="Cells">Where it lies in the heat map, for example "R 5, F 4-5".</param>
/// <param name="Customers">Customers in it.</param>
/// <param name="CustomerShare">Customers / all customers (0-1).</param>
/// <param name="Revenue">Their cumulative purchase amounts.</param>
/// <param name="RevenueShare">Revenue / all revenue (0-1; 0 when there is no revenue).</param>
/// <param name="PurchaseOrders">Their purchase orders (the sum of their frequencies).</param>
/// <param name="AverageOrderValue">Revenue / purchase orders (null without orders).</param>
internal sealed record RfmSegmentRow(
    string Segment, string Cells, int Customers, double CustomerShare, decimal Revenue, double RevenueShare, long PurchaseOrders,
    decimal? AverageOrderValue);

/// <summary>The RFM dashboard's figures from one source.</summary>
/// <param name="Source">"live" or the quarter.</param>
/// <param name="AsOf">The as-of date (null when there are no figures).</param>
/// <param name="Customers">Customers scored (those who bought on or before the as-of date).</param>
/// <param name="Revenue">Their cumulative purchase amounts.</param>
/// <param name="PurchaseOrders">Their purchase orders.</param>
/// <param name="UpdatedLive">Live only: customers whose figures were updated in real time since the last recompute.</param>
/// <param name="Cells">The 25 cells, R from 5 down to 1, then F from 1 to 5.</param>
/// <param name="Segments">The 11 segments in the order of the grid (best first), empty ones included.</param>
internal sealed record RfmFigures(
    string Source, DateOnly? AsOf, int Customers, decimal Revenue, long PurchaseOrders, int UpdatedLive,
    IReadOnlyList<RfmCell> Cells, IReadOnlyList<RfmSegmentRow> Segments)
{
    public bool IsEmpty => Customers == 0;

    public decimal? AverageOrderValue => PurchaseOrders > 0 ? Revenue / PurchaseOrders : null;

    public RfmCell Cell(int r, int f) => Cells.First(c => c.R == r && c.F == f);
}

/// <summary>
/// The RFM heat map and segment table over the stored figures (live: <c>Analytics_CustomerValues</c>; a quarter:
/// <c>Analytics_SnapshotCustomers</c>), for the dashboard and <c>/api/v1/analytics/rfm</c>. Managers and Admins only.
/// </summary>
internal sealed class RfmQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    /// <summary>The segments in the order of the grid, with the cells they cover.</summary>
    public static IReadOnlyList<(string Name, string Cells)> SegmentOrder { get; } =
    [
        .. Enum.GetValues<RfmSegment>().Select(s => (RfmSegments.DisplayName(s), CellsOf(s))),
    ];

    /// <summary>The live figures (with the last recompute's as-of date) and every stored quarter, newest first.</summary>
    public async Task<IReadOnlyList<RfmSourceOption>> SourcesAsync(CancellationToken cancellationToken = default)
    {
        ValueRunQueries.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var liveAsOf = await LiveAsOfAsync(db, cancellationToken);
        var snapshots = await db.Set<ValueSnapshot>().AsNoTracking().OrderByDescending(s => s.Period)
            .Select(s => new { s.Period, s.AsOf }).ToListAsync(cancellationToken);
        return
        [
            new RfmSourceOption(ValueSource.LiveKey, liveAsOf, liveAsOf is { } d ? $"Live (as of {d:yyyy-MM-dd})" : "Live (no recompute yet)"),
            .. snapshots.Select(s => new RfmSourceOption(s.Period, s.AsOf, $"{s.Period} (as of {s.AsOf:yyyy-MM-dd})")),
        ];
    }

    public async Task<RfmFigures> LoadAsync(ValueSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ValueRunQueries.EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<Group> groups;
        DateOnly? asOf;
        var updatedLive = 0;
        if (source.IsLive)
        {
            var values = db.Set<CustomerValueRecord>().AsNoTracking();
            groups = await values
                .GroupBy(v => new { v.RecencyScore, v.FrequencyScore })
                .Select(g => new Group(g.Key.RecencyScore, g.Key.FrequencyScore, g.Count(), g.Sum(v => v.Monetary), g.Sum(v => (long)v.Frequency)))
                .ToListAsync(cancellationToken);
            asOf = await LiveAsOfAsync(db, cancellationToken);
            updatedLive = await values.CountAsync(v => v.UpdatedLive == true, cancellationToken);
        }
        else
        {
            var period = source.Period;
            groups = await db.Set<ValueSnapshotCustomer>().AsNoTracking()
                .Where(s => s.Period == period)
                .GroupBy(s => new { s.RecencyScore, s.FrequencyScore })
                .Select(g => new Group(g.Key.RecencyScore, g.Key.FrequencyScore, g.Count(), g.Sum(v => v.Monetary), g.Sum(v => (long)v.Frequency)))
                .ToListAsync(cancellationToken);
            asOf = await db.Set<ValueSnapshot>().AsNoTracking().Where(s => s.Period == period)
                .Select(s => (DateOnly?)s.AsOf).FirstOrDefaultAsync(cancellationToken);
        }

        return Build(source.Key, asOf, updatedLive, groups);
    }

    /// <summary>The as-of date of the last successful recompute (what the live figures are as of), or null.</summary>
    private static Task<DateOnly?> LiveAsOfAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.Set<ValueRun>().AsNoTracking().Where(r => r.Status == ValueRunStatus.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => (DateOnly?)r.AsOf).FirstOrDefaultAsync(cancellationToken);

    private static RfmFigures Build(string source, DateOnly? asOf, int updatedLive, List<Group> groups)
    {
        // Scores outside 1-5 cannot occur (the engine writes 1-5); they are left out rather than mis-filed.
        var valid = groups.Where(g => g.R is >= 1 and <= 5 && g.F is >= 1 and <= 5).ToList();
        var customers = valid.Sum(g => g.Customers);
        var revenue = valid.Sum(g => g.Revenue);
        var orders = valid.Sum(g => g.Orders);
        var cells = new List<RfmCell>(25);
        for (var r = 5; r >= 1; r--)
        {
            for (var f = 1; f <= 5; f++)
            {
                var inCell = valid.Where(g => g.R == r && g.F == f).ToList();
                cells.Add(new RfmCell(r, f, RfmSegments.DisplayName(RfmSegments.Of(r, f)), inCell.Sum(g => g.Customers), inCell.Sum(g => g.Revenue)));
            }
        }

        var segments = Enum.GetValues<RfmSegment>().Select(segment =>
        {
            var inSegment = valid.Where(g => RfmSegments.Of(g.R, g.F) == segment).ToList();
            var segmentCustomers = inSegment.Sum(g => g.Customers);
            var segmentRevenue = inSegment.Sum(g => g.Revenue);
            var segmentOrders = inSegment.Sum(g => g.Orders);
            return new RfmSegmentRow(
                RfmSegments.DisplayName(segment), CellsOf(segment), segmentCustomers,
                customers == 0 ? 0 : (double)segmentCustomers / customers, segmentRevenue,
                revenue == 0 ? 0 : (double)(segmentRevenue / revenue), segmentOrders,
                segmentOrders == 0 ? null : segmentRevenue / segmentOrders);
        }).ToList();
        return new RfmFigures(source, customers == 0 && asOf is null ? null : asOf, customers, revenue, orders, updatedLive, cells, segments);
    }

    /// <summary>The cells of a segment for people, for example "R 5 · F 4-5" or "R 1 · F 2; R 2 · F 1-2".</summary>
    private static string CellsOf(RfmSegment segment)
    {
        // Per R row the segment's F scores are contiguous; rows with the same F range are merged.
        var rows = new List<(int R, string F)>();
        for (var r = 1; r <= 5; r++)
        {
            var fs = Enumerable.Range(1, 5).Where(f => RfmSegments.Of(r, f) == segment).ToList();
            if (fs.Count > 0)
            {
                rows.Add((r, Range(fs)));
            }
        }

        return string.Join("; ", rows.GroupBy(x => x.F).Select(g => "R " + Range([.. g.Select(x => x.R)]) + " · F " + g.Key));
    }

    private static string Range(List<int> values) =>
        values.Count == 1
            ? values[0].ToString(CultureInfo.InvariantCulture)
            : values.Min().ToString(CultureInfo.InvariantCulture) + "-" + values.Max().ToString(CultureInfo.InvariantCulture);

    private sealed record Group(byte R, byte F, int Customers, decimal Revenue, long Orders);
}
