using System.Globalization;
using System.Net;
using System.Text.Json;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.CustomerList;
using Crm.Analytics.Features.RfmDashboard;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Analytics.Tests.Dashboards.Rfm.RfmDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

/// <summary>
/// The RFM API and the customer list over the Development demo data: the heat map and segment table against an
/// independent group-by of the stored rows (and the engine's own RFM of the sales history), the filtered list and its CSV.
/// </summary>
[Collection(RfmDashboardCollection.Name)]
public sealed class RfmApiTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_live_heat_map_and_segments_equal_a_group_by_of_the_stored_figures_and_cover_every_customer()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);

        var figures = await GetAsync<RfmFigures>(client, "/api/v1/analytics/rfm?source=live");
        var rows = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Select(v => new StoredRow(v.RecencyScore, v.FrequencyScore, v.Segment, v.Monetary, v.Frequency)).ToListAsync());
        var lastRun = await host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().Where(r => r.Status == ValueRunStatus.Succeeded)
            .OrderByDescending(r => r.Id).FirstAsync());

        Assert.Equal("live", figures.Source);
        Assert.Equal(lastRun.AsOf, figures.AsOf);
        Assert.True(rows.Count > 100, $"The demo data should give figures to most customers, got {rows.Count}.");
        AssertEqualsGroupBy(figures, rows);

        // Every customer who bought on or before the as-of date, by the engine's own reading of the sales history.
        var engine = await EngineRfmAsync(host, figures.AsOf!.Value);
        Assert.Equal(engine.Customers, figures.Customers);
        Assert.Equal(engine.Revenue, figures.Revenue);
        foreach (var cell in figures.Cells)
        {
            var inCell = engine.Rows.Where(r => r.RecencyScore == cell.R && r.FrequencyScore == cell.F).ToList();
            Assert.Equal(inCell.Count, cell.Customers);
            Assert.Equal(inCell.Sum(r => r.Monetary), cell.Revenue);
        }
    }

    [Fact]
    public async Task Each_quarter_snapshot_has_a_heat_map_equal_to_a_group_by_of_its_stored_customers()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);

        var sources = await GetAsync<List<RfmSourceOption>>(client, "/api/v1/analytics/rfm/sources");
        Assert.Equal("live", sources[0].Source);
        var quarters = sources.Skip(1).ToList();
        Assert.True(quarters.Count >= 2, "The demo data stores the last quarter's and this quarter's snapshots.");
        foreach (var quarter in quarters)
        {
            var figures = await GetAsync<RfmFigures>(client, $"/api/v1/analytics/rfm?source={quarter.Source}");
            var header = await host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().SingleAsync(s => s.Period == quarter.Source));
            var rows = await host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking().Where(s => s.Period == quarter.Source)
                .Select(s => new StoredRow(s.RecencyScore, s.FrequencyScore, s.Segment, s.Monetary, s.Frequency)).ToListAsync());
            Assert.Equal(quarter.Source, figures.Source);
            Assert.Equal(header.AsOf, figures.AsOf);
            Assert.Equal(header.AsOf, quarter.AsOf);
            Assert.Equal(header.Customers, figures.Customers);
            Assert.Equal(header.Revenue, figures.Revenue);
            AssertEqualsGroupBy(figures, rows);
        }
    }

    [Fact]
    public async Task The_customer_list_of_a_cell_or_a_segment_holds_exactly_its_customers_by_monetary_value_and_exports_them_all()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);
        var figures = await GetAsync<RfmFigures>(client, "/api/v1/analytics/rfm?source=live");
        var cell = figures.Cells.MaxBy(c => c.Customers)!;

        var listed = await AllPagesAsync<CustomerValueListItem>(client, $"/api/v1/analytics/customers?source=live&r={cell.R}&f={cell.F}");
        var expected = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.RecencyScore == cell.R && v.FrequencyScore == cell.F).Select(v => v.CustomerId).ToListAsync());
        Assert.Equal(cell.Customers, listed.Count);
        Assert.Equal(expected.Order(), listed.Select(c => c.CustomerId).Order());
        Assert.Equal(listed.Select(c => c.Monetary).OrderDescending(), listed.Select(c => c.Monetary));
        Assert.All(listed, c => Assert.False(string.IsNullOrWhiteSpace(c.Name) || c.Name.StartsWith('#'), $"Customer {c.CustomerId} has no name"));
        Assert.All(listed, c => Assert.NotNull(c.RecencyDays));
        Assert.Equal(cell.Revenue, listed.Sum(c => c.Monetary));

        var segment = figures.Segments.MaxBy(s => s.Customers)!;
        var bySegment = await GetAsync<PagedResult<CustomerValueListItem>>(
            client, $"/api/v1/analytics/customers?source=live&segment={Uri.EscapeDataString(segment.Segment.ToUpperInvariant())}&sort=Frequency&descending=false&pageSize=10");
        Assert.Equal(segment.Customers, bySegment.TotalCount);
        Assert.All(bySegment.Items, c => Assert.Equal(segment.Segment, c.Segment));
        Assert.Equal(bySegment.Items.Select(c => c.Frequency).Order(), bySegment.Items.Select(c => c.Frequency));

        // The CSV from a signed-in Manager's browser session: every row of the filter, not only a page.
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.GetAsync(new Uri($"/api/v1/analytics/customers.csv?source=live&r={cell.R}&f={cell.F}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var records = Csv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(CustomerValuesController.CsvColumns, records[0]);
        Assert.Equal(cell.Customers, records.Count - 1);
        Assert.Equal(expected.Order(), records.Skip(1).Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).Order());
        Assert.Equal(cell.Revenue, records.Skip(1).Sum(r => decimal.Parse(r[8], CultureInfo.InvariantCulture)));
        Assert.All(records.Skip(1), r => Assert.Equal(cell.Segment, r[2]));
    }

    [Fact]
    public async Task A_snapshot_list_has_no_recency_days_and_the_snapshot_segment_counts()
    {
        var host = browser.Host;
        await WaitForRecomputesAsync(host);
        using var client = await ApiKeyClientAsync(host, CrmRoles.Manager);
        var quarter = (await GetAsync<List<RfmSourceOption>>(client, "/api/v1/analytics/rfm/sources")).Last();
        var figures = await GetAsync<RfmFigures>(client, $"/api/v1/analytics/rfm?source={quarter.Source}");
        var segment = figures.Segments.Where(s => s.Customers > 0).MinBy(s => s.Customers)!;

        var listed = await AllPagesAsync<CustomerValueListItem>(client, $"/api/v1/analytics/customers?source={quarter.Source}&segment={Uri.EscapeDataString(segment.Segment)}");

        Assert.Equal(segment.Customers, listed.Count);
        Assert.Equal(segment.Revenue, listed.Sum(c => c.Monetary));
        Assert.All(listed, c => Assert.Null(c.RecencyDays));
    }

    [Theory]
    [InlineData("/api/v1/analytics/customers?r=6")]
    [InlineData("/api/v1/analytics/customers?spendTier=Diamond")]
    [InlineData("/api/v1/analytics/customers?source=last-year")]
    [InlineData("/api/v1/analytics/customers.csv?f=0")]
    public async Task Unreadable_filters_are_a_400(string path)
    {
        await WaitForRecomputesAsync(browser.Host);
        using var client = await ApiKeyClientAsync(browser.Host, CrmRoles.Manager);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_of_the_dashboard()
    {
        using var admin = await browser.Host.SignedInClientAsync("admin@ecrm.local");
        var document = await GetAsync<JsonElement>(admin, "/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, verb, words) in new[]
        {
            ("/api/v1/analytics/rfm", "get", "heat map"),
            ("/api/v1/analytics/rfm/sources", "get", "quarter"),
            ("/api/v1/analytics/customers", "get", "value figures"),
            ("/api/v1/analytics/customers.csv", "get", "CSV"),
            ("/api/v1/analytics/runs", "get", "newest first"),
            ("/api/v1/analytics/runs", "post", "409"),
            ("/api/v1/analytics/runs/{id}", "get", "poll"),
            ("/api/v1/analytics/runs/{id}/cancel", "post", "previous run"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented.");
            var operation = item.GetProperty(verb);
            var text = (operation.TryGetProperty("summary", out var summary) ? summary.GetString() : "") + " " +
                (operation.TryGetProperty("description", out var description) ? description.GetString() : "");
            Assert.Contains(words, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Csv_text_cells_are_safe_against_formula_injection()
    {
        var line = CustomerValuesController.CsvLine(new CustomerValueListItem(
            7, "=HYPERLINK(\"http://evil\",\"x\")", "At risk", 1, 3, 2, 400, 3, 12.5m, "Bronze", null, null, 0.25));
        var fields = Csv.Parse(line)[0];
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", fields[1]);
        Assert.Equal(["7", "'=HYPERLINK(\"http://evil\",\"x\")", "At risk", "1", "3", "2", "400", "3", "12.5", "Bronze", "", "", "0.25"], fields);
    }

    private static void AssertEqualsGroupBy(RfmFigures figures, List<StoredRow> rows)
    {
        Assert.Equal(25, figures.Cells.Count);
        Assert.Equal(rows.Count, figures.Customers);
        Assert.Equal(rows.Count, figures.Cells.Sum(c => c.Customers));
        Assert.Equal(rows.Count, figures.Segments.Sum(s => s.Customers));
        Assert.Equal(rows.Sum(r => r.Monetary), figures.Revenue);
        Assert.Equal(rows.Sum(r => (long)r.Frequency), figures.PurchaseOrders);
        foreach (var group in rows.GroupBy(r => (r.R, r.F)))
        {
            var cell = figures.Cell(group.Key.R, group.Key.F);
            Assert.Equal(group.Count(), cell.Customers);
            Assert.Equal(group.Sum(r => r.Monetary), cell.Revenue);
        }

        Assert.Equal(11, figures.Segments.Count);
        foreach (var segment in figures.Segments)
        {
            var inSegment = rows.Where(r => r.Segment == segment.Segment).ToList();
            Assert.Equal(inSegment.Count, segment.Customers);
            Assert.Equal(inSegment.Sum(r => r.Monetary), segment.Revenue);
            Assert.Equal(inSegment.Sum(r => (long)r.Frequency), segment.PurchaseOrders);
            Assert.Equal((double)inSegment.Count / rows.Count, segment.CustomerShare, 12);
            Assert.Equal((double)(inSegment.Sum(r => r.Monetary) / rows.Sum(r => r.Monetary)), segment.RevenueShare, 12);
            Assert.Equal(inSegment.Count == 0 ? null : inSegment.Sum(r => r.Monetary) / inSegment.Sum(r => r.Frequency), segment.AverageOrderValue);
        }
    }

    internal static async Task<RfmReport> EngineRfmAsync(CrmWebHost host, DateOnly asOf)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
        return await scope.ServiceProvider.GetRequiredService<ICustomerValueAnalytics>().RfmAsync(asOf);
    }

    private sealed record StoredRow(byte R, byte F, string Segment, decimal Monetary, int Frequency);
}

/// <summary>A small RFC 4180 reader for the exports (quoted fields, doubled quotes, line breaks inside quotes).</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        text = text.TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
