using System.Globalization;
using System.Text;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Migration;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using static Crm.Analytics.Tests.Dashboards.Tiers.TiersDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>
/// The tier-migration API against an independent full outer join, in LINQ, of the two demo snapshots' tiers by spend
/// within the quarter (PeriodTier; 0 = no purchase in the quarter).
/// </summary>
[Collection(TiersDashboardCollection.Name)]
public sealed class TierMigrationApiTests(BrowserFixture browser)
{
    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task The_matrix_equals_an_independent_join_of_the_two_snapshots()
    {
        await WaitForRecomputesAsync(Host);
        var (from, to) = await TwoLatestPeriodsAsync();
        var moves = await MovesAsync(from, to);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");

        var matrix = await GetAsync<MigrationMatrix>(manager, $"/api/v1/analytics/tier-migration?from={from}&to={to}");

        Assert.Equal(from, matrix.From);
        Assert.Equal(to, matrix.To);
        Assert.Equal(25, matrix.Cells.Count);
        Assert.Equal(moves.Count, matrix.Customers);
        Assert.Equal(moves.Count, matrix.Cells.Sum(c => c.Customers));
        for (byte f = 0; f <= 4; f++)
        {
            for (byte t = 0; t <= 4; t++)
            {
                var cell = matrix.Cells.Single(c => c.FromTier == f && c.ToTier == t);
                var members = moves.Where(m => m.From == f && m.To == t).ToList();
                Assert.True(members.Count == cell.Customers, $"Cell {f} -> {t}: expected {members.Count}, got {cell.Customers}");
                Assert.Equal(members.Sum(m => m.Before), cell.ValueBefore, 2);
                Assert.Equal(members.Sum(m => m.After), cell.ValueAfter, 2);
            }
        }

        Assert.Equal(moves.Count(m => m.To < m.From), matrix.Fell);
        Assert.Equal(moves.Count(m => m.To > m.From), matrix.Rose);
        Assert.Equal(moves.Count(m => m.To == m.From), matrix.Stayed);
        Assert.Equal(moves.Count(m => m.From == 0), matrix.New);
        Assert.Equal(moves.Count(m => m.To == 0), matrix.Gone);
        Assert.True(matrix.Fell > 0 && matrix.Rose > 0, "The demo data should move customers both ways.");

        // Without periods the API compares the two most recent quarters, earlier first.
        var defaults = await GetAsync<MigrationMatrix>(manager, "/api/v1/analytics/tier-migration");
        Assert.Equal((from, to), (defaults.From, defaults.To));
        Assert.Equal(matrix.Cells.Select(c => c.Customers), defaults.Cells.Select(c => c.Customers));
    }

    [Fact]
    public async Task The_fallen_list_is_sorted_by_value_lost_and_is_exactly_the_customers_whose_tier_fell()
    {
        await WaitForRecomputesAsync(Host);
        var (from, to) = await TwoLatestPeriodsAsync();
        var expected = (await MovesAsync(from, to)).Where(m => m.To < m.From).ToList();
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");

        var rows = await AllPagesAsync<FallenRow>(manager, $"/api/v1/analytics/tier-migration/fallen?from={from}&to={to}");

        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.Select(m => (m.CustomerId, Label(m.From, false), Label(m.To, true), m.Before, m.After)).Order(),
            rows.Select(r => (r.CustomerId, r.FromTier, r.ToTier, r.SpendBefore, r.SpendAfter)).Order());
        Assert.All(rows, r => Assert.Equal(r.SpendBefore - r.SpendAfter, r.ValueLost));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i - 1].ValueLost > rows[i].ValueLost
                || (rows[i - 1].ValueLost == rows[i].ValueLost && rows[i - 1].CustomerId < rows[i].CustomerId),
                $"Row {i} is out of order: {rows[i - 1]} then {rows[i]}");
        }

        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.Name)));

        // The export holds the same customers in the same order.
        using var export = await manager.GetAsync(new Uri($"/api/v1/analytics/tier-migration/fallen/export?from={from}&to={to}", UriKind.Relative));
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("customer_id,customer,from_period,to_period,from_tier,to_tier,spend_before,spend_after,value_lost", lines[0], StringComparison.Ordinal);
        Assert.Equal(rows.Select(r => r.CustomerId.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task An_unknown_or_malformed_period_is_a_400_naming_the_field()
    {
        await WaitForRecomputesAsync(Host);
        var (from, to) = await TwoLatestPeriodsAsync();
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");

        Assert.Equal(["from"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration?from=1999-Q1&to={to}"));
        Assert.Equal(["to"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration?from={from}&to=2026-Q9"));
        Assert.Equal(["from"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration?from=last-quarter&to={to}"));
        Assert.Equal(["to"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration?from={to}&to={from}"));
        Assert.Equal(["to"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration?from={to}&to={to}"));
        Assert.Equal(["from"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration/fallen?from=2026-Q7&to={to}"));
        Assert.Equal(["pageSize"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration/fallen?from={from}&to={to}&pageSize=0"));
        Assert.Equal(["to"], await BadRequestFieldsAsync(manager, $"/api/v1/analytics/tier-migration/fallen/export?from={from}&to=1999-Q4"));
    }

    [Fact]
    public async Task The_tier_endpoints_are_in_the_OpenAPI_document()
    {
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, document);
        foreach (var path in new[]
        {
            "/api/v1/analytics/tiers", "/api/v1/analytics/over-served", "/api/v1/analytics/over-served/export",
            "/api/v1/analytics/tier-migration", "/api/v1/analytics/tier-migration/fallen", "/api/v1/analytics/tier-migration/fallen/export",
        })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    private async Task<(string From, string To)> TwoLatestPeriodsAsync()
    {
        var periods = await Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().Select(s => s.Period).ToListAsync());
        Assert.True(periods.Count >= 2, "The demo data should have two quarter snapshots.");
        var latest = periods.Order(StringComparer.Ordinal).TakeLast(2).ToArray();
        return (latest[0], latest[1]);
    }

    /// <summary>Every customer who bought in either quarter, with their tier and spend in each (0 = absent).</summary>
    private async Task<List<Move>> MovesAsync(string from, string to)
    {
        var rows = await Host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking()
            .Where(s => s.Period == from || s.Period == to).ToListAsync());
        var before = rows.Where(r => r.Period == from && r.PeriodTier > 0).ToDictionary(r => r.CustomerId);
        var after = rows.Where(r => r.Period == to && r.PeriodTier > 0).ToDictionary(r => r.CustomerId);
        return [.. before.Keys.Union(after.Keys).Select(id => new Move(
            id,
            before.TryGetValue(id, out var b) ? b.PeriodTier : (byte)0,
            after.TryGetValue(id, out var a) ? a.PeriodTier : (byte)0,
            b?.PeriodSpend ?? 0m,
            a?.PeriodSpend ?? 0m))];
    }

    private static string Label(byte tier, bool asTarget) =>
        tier == 0 ? (asTarget ? "None (gone)" : "None (new)") : new[] { "None", "Bronze", "Silver", "Gold", "Platinum" }[tier];

    private sealed record Move(long CustomerId, byte From, byte To, decimal Before, decimal After);
}
