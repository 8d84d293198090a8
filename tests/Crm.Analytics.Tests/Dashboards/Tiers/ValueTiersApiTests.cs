using System.Globalization;
using System.Text;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Tiers;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using static Crm.Analytics.Tests.Dashboards.Tiers.TiersDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Tiers;

/// <summary>
/// The value-tier API against independent computations over the stored figures of the Development demo data: group-bys
/// over Analytics_CustomerValues, the whale curve from the stored profits, the over-served filter in memory.
/// </summary>
[Collection(TiersDashboardCollection.Name)]
public sealed class ValueTiersApiTests(BrowserFixture browser)
{
    private static readonly string[] TierOrder = ["Platinum", "Gold", "Silver", "Bronze"];

    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task Tiers_by_spend_and_by_profit_equal_a_group_by_over_the_stored_figures()
    {
        await WaitForRecomputesAsync(Host);
        var values = await Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToListAsync());
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var report = await GetAsync<ValueTiersReport>(manager, "/api/v1/analytics/tiers");

        Assert.NotEmpty(values);
        Assert.Equal(values.Count, report.Customers);
        Assert.Equal(values.Sum(v => v.Monetary), report.Revenue);
        Assert.Equal(TierOrder, report.BySpend.Tiers.Select(t => t.Tier));
        foreach (var row in report.BySpend.Tiers)
        {
            var members = values.Where(v => v.SpendTier == row.TierNumber).ToList();
            Assert.Equal(members.Count, row.Customers);
            Assert.Equal(members.Sum(v => v.Monetary), row.Revenue);
            Assert.Equal((double)members.Count / values.Count, row.CustomerShare, 12);
            Assert.Equal((double)(members.Sum(v => v.Monetary) / values.Sum(v => v.Monetary)), row.RevenueShare!.Value, 12);
        }

        // Demo products carry unit costs, so profit is known and tiers by profit exist.
        Assert.All(values, v => Assert.NotNull(v.Profit));
        Assert.NotNull(report.ByProfit);
        var totalProfit = values.Sum(v => v.Profit!.Value);
        Assert.Equal(totalProfit, report.Profit);
        Assert.Equal(TierOrder, report.ByProfit.Tiers.Select(t => t.Tier));
        foreach (var row in report.ByProfit.Tiers)
        {
            var members = values.Where(v => v.ProfitTier == row.TierNumber).ToList();
            Assert.Equal(members.Count, row.Customers);
            Assert.Equal(members.Sum(v => v.Monetary), row.Revenue);
            Assert.Equal(members.Sum(v => v.Profit!.Value), row.Profit);
            Assert.Equal((double)(members.Sum(v => v.Profit!.Value) / totalProfit), row.ProfitShare!.Value, 12);
        }

        // Profit per spend tier, too.
        foreach (var row in report.BySpend.Tiers)
        {
            Assert.Equal(values.Where(v => v.SpendTier == row.TierNumber).Sum(v => v.Profit!.Value), row.Profit);
        }

        // Thresholds: the shares in use, and floors = the smallest value in each tier (no order changed since the recompute),
        // shown to the cent.
        Assert.Equal([0.05, 0.20, 0.50, 1.0], report.BySpend.Tiers.Select(t => t.TopShare));
        foreach (var row in report.BySpend.Tiers.Where(t => t.Customers > 0))
        {
            Assert.InRange(Math.Abs(values.Where(v => v.SpendTier == row.TierNumber).Min(v => v.Monetary) - row.Floor!.Value), 0m, 0.01m);
        }

        foreach (var row in report.ByProfit.Tiers.Where(t => t.Customers > 0))
        {
            Assert.InRange(Math.Abs(values.Where(v => v.ProfitTier == row.TierNumber).Min(v => v.Profit!.Value) - row.Floor!.Value), 0m, 0.01m);
        }

        // The tiers hold the shares they claim: Platinum = floor(5% of customers), Platinum + Gold = floor(20%), ...
        Assert.Equal((int)Math.Floor(values.Count * 0.05 + 1e-9), report.BySpend.Tiers[0].Customers);
        Assert.Equal((int)Math.Floor(values.Count * 0.20 + 1e-9), report.BySpend.Tiers[0].Customers + report.BySpend.Tiers[1].Customers);
        Assert.NotNull(report.CostPerInteraction);
        Assert.NotNull(report.CostPerCase);
    }

    [Fact]
    public async Task The_whale_curve_top_share_equals_the_stored_profits_sorted_descending_and_accumulated()
    {
        await WaitForRecomputesAsync(Host);
        var profits = await Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .OrderBy(v => v.CustomerId).Select(v => v.Profit).ToListAsync());
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var report = await GetAsync<ValueTiersReport>(manager, "/api/v1/analytics/tiers");

        var ranked = profits.Select(p => (double)p!.Value).OrderByDescending(p => p).ToArray();
        var total = ranked.Sum();
        Assert.True(total > 0, "The demo data should earn a profit overall.");
        var top = (int)Math.Floor(ranked.Length * 0.20 + 1e-9);
        var cumulative = new double[ranked.Length];
        var sum = 0.0;
        for (var i = 0; i < ranked.Length; i++)
        {
            sum += ranked[i];
            cumulative[i] = sum;
        }

        var whale = report.WhaleCurve;
        Assert.NotNull(whale);
        Assert.Equal(cumulative[top - 1] / total, whale.TopShare, 6);
        Assert.Equal((double)top / ranked.Length, whale.TopCustomerShare, 12);
        Assert.Equal(total, (double)whale.TotalProfit, 2);
        var peak = cumulative.Max();
        Assert.Equal(peak / total, whale.PeakProfitShare, 6);
        Assert.Equal((Array.IndexOf(cumulative, peak) + 1) / (double)ranked.Length, whale.PeakCustomerShare, 12);

        // The points run from (0, 0) to (1, 1), x ascending, and each is the cumulative share at its number of customers.
        Assert.Equal(0, whale.Points[0].CustomerShare);
        Assert.Equal(0, whale.Points[0].ProfitShare);
        Assert.Equal(1, whale.Points[^1].CustomerShare, 12);
        Assert.Equal(1, whale.Points[^1].ProfitShare, 6);
        foreach (var point in whale.Points.Skip(1))
        {
            var customers = (int)Math.Round(point.CustomerShare * ranked.Length);
            Assert.Equal(customers == 0 ? 0 : cumulative[customers - 1] / total, point.ProfitShare, 6);
        }
    }

    [Fact]
    public async Task The_over_served_list_is_exactly_the_customers_with_negative_profit_but_a_non_negative_gross_margin()
    {
        await WaitForRecomputesAsync(Host);
        var values = await Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToListAsync());
        var names = await Host.QueryAsync(db => db.Database
            .SqlQuery<NameRow>($"SELECT \"Id\" AS \"CustomerId\", \"DisplayName\" AS \"Name\" FROM \"Contacts_Customers\"").ToListAsync());
        var expected = values
            .Where(v => v.Profit < 0 && v.Profit + v.ServiceCost >= 0)
            .OrderBy(v => v.Profit).ThenBy(v => v.CustomerId)
            .ToList();
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");

        var rows = await AllPagesAsync<OverServedRow>(manager, "/api/v1/analytics/over-served");

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(v => v.CustomerId), rows.Select(r => r.CustomerId));
        foreach (var (row, value) in rows.Zip(expected))
        {
            Assert.Equal(value.Monetary, row.Revenue);
            Assert.Equal(value.Profit, row.Profit);
            Assert.Equal(value.ServiceCost, row.ServiceCost);
            Assert.Equal(value.Profit + value.ServiceCost, row.GrossMargin);
            Assert.Equal(names.Single(n => n.CustomerId == row.CustomerId).Name, row.Name);
        }

        // Pages are slices of the same order.
        var second = await GetAsync<PagedResult<OverServedRow>>(manager, "/api/v1/analytics/over-served?page=1&pageSize=2");
        Assert.Equal(expected.Count, second.TotalCount);
        Assert.Equal(expected.Skip(2).Take(2).Select(v => v.CustomerId), second.Items.Select(r => r.CustomerId));

        // The export has the same rows in the same order.
        using var export = await manager.GetAsync(new Uri("/api/v1/analytics/over-served/export", UriKind.Relative));
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,customer,revenue,gross_margin,service_cost,profit", lines[0]);
        Assert.Equal(expected.Select(v => v.CustomerId.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task The_over_served_export_defuses_a_name_a_spreadsheet_would_run_as_a_formula()
    {
        await WaitForRecomputesAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var first = (await GetAsync<PagedResult<OverServedRow>>(manager, "/api/v1/analytics/over-served?pageSize=1")).Items.Single();
        const string hostile = "=HYPERLINK(\"http://evil.example\",\"click\")";
        await Host.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"Contacts_Customers\" SET \"DisplayName\" = {hostile} WHERE \"Id\" = {first.CustomerId}"));
        try
        {
            using var export = await manager.GetAsync(new Uri("/api/v1/analytics/over-served/export", UriKind.Relative));
            var csv = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync());
            var line = csv.Split("\r\n").Single(l => l.StartsWith(first.CustomerId.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal));
            Assert.StartsWith($"{first.CustomerId},\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",", line, StringComparison.Ordinal);
        }
        finally
        {
            await Host.QueryAsync(db => db.Database.ExecuteSqlAsync(
                $"UPDATE \"Contacts_Customers\" SET \"DisplayName\" = {first.Name} WHERE \"Id\" = {first.CustomerId}"));
        }
    }

    [Fact]
    public async Task Paging_outside_its_bounds_is_a_400_naming_the_field()
    {
        await WaitForRecomputesAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        Assert.Contains("pageSize", await BadRequestFieldsAsync(manager, "/api/v1/analytics/over-served?pageSize=0"));
        Assert.Contains("pageSize", await BadRequestFieldsAsync(manager, "/api/v1/analytics/over-served?pageSize=501"));
        Assert.Contains("page", await BadRequestFieldsAsync(manager, "/api/v1/analytics/over-served?page=-1"));
    }

    [Fact]
    public void A_customer_is_over_served_only_with_negative_profit_and_a_margin_that_covers_nothing_less()
    {
        Assert.True(ValueTiersQuery.IsOverServed(-5m, 5m));
        Assert.True(ValueTiersQuery.IsOverServed(-1m, 12m));
        Assert.False(ValueTiersQuery.IsOverServed(-5m, 4.99m)); // the goods alone lose money: not a service problem
        Assert.False(ValueTiersQuery.IsOverServed(0m, 12m));
        Assert.False(ValueTiersQuery.IsOverServed(null, 12m));
    }

    private sealed class NameRow
    {
        public long CustomerId { get; set; }

        public string Name { get; set; } = "";
    }
}
