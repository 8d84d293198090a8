using System.IO.Compression;
using System.Text;
using Crm.Analytics.Contracts;
using Crm.Analytics.Features.CustomerList;
using Crm.Analytics.Features.RfmDashboard;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Analytics.Tests.Dashboards.Rfm.RfmDashboardHost;

namespace Crm.Analytics.Tests.Dashboards.Rfm;

[CollectionDefinition(Name)]
public sealed class OnlineRetailRfmCollection : ICollectionFixture<OnlineRetailRfmFixture>
{
    public const string Name = "RFM dashboard on Online Retail";
}

/// <summary>
/// A fresh host without demo data into which a slice of UCI Online Retail (every customer whose id is a multiple of 8, with
/// their whole year) is imported through <see cref="IOrderImporter"/>, then recomputed as of 2011-12-09.
/// </summary>
public sealed class OnlineRetailRfmFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2011, 12, 9);

    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
    {
        ["DemoData:Customers"] = "0",
        ["DemoData:Products"] = "0",
        ["DemoData:OrdersPerCustomer"] = "0",
        ["Analytics:RecomputeAfterImport"] = "false",
    });

    public OrderImportSummary Import { get; private set; } = default!;

    public CustomerValueRunResult Run { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Host.StartServer();
        var slice = WriteSlice(RepositoryData.PathOf("online-retail/online_retail.csv.gz"));
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
        Import = await scope.ServiceProvider.GetRequiredService<IOrderImporter>().ImportAsync(slice, OrderImportFormat.OnlineRetail);
        Run = await scope.ServiceProvider.GetRequiredService<ICustomerValueJobs>().RecomputeAsync(AsOf, "Test", "test:online-retail");
        File.Delete(slice);
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    /// <summary>The header and the rows of customers whose id is a multiple of 8 (the last-but-one column; no commas in countries).</summary>
    private static string WriteSlice(string gzPath)
    {
        var target = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"online-retail-slice-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress), Encoding.UTF8);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false));
        writer.WriteLine(reader.ReadLine());
        while (reader.ReadLine() is { } line)
        {
            var countryComma = line.LastIndexOf(',');
            var customerComma = countryComma > 0 ? line.LastIndexOf(',', countryComma - 1) : -1;
            if (customerComma < 0)
            {
                continue;
            }

            var customer = line[(customerComma + 1)..countryComma];
            if (double.TryParse(customer, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var id) && (long)id % 8 == 0)
            {
                writer.WriteLine(line);
            }
        }

        return target;
    }
}

/// <summary>On a known data set the dashboard shows the engine's numbers: RFM computed by the engine on the same database.</summary>
[Collection(OnlineRetailRfmCollection.Name)]
public sealed class OnlineRetailRfmTests(OnlineRetailRfmFixture fixture)
{
    [Fact]
    public async Task The_heat_map_and_segment_table_equal_the_engines_RFM_as_of_2011_12_09()
    {
        Assert.Equal("Succeeded", fixture.Run.Status);
        Assert.True(fixture.Import.OrdersCreated > 1000, $"Orders imported: {fixture.Import.OrdersCreated}");
        using var client = await ApiKeyClientAsync(fixture.Host, CrmRoles.Manager);
        var engine = await RfmApiTests.EngineRfmAsync(fixture.Host, OnlineRetailRfmFixture.AsOf);
        Assert.InRange(engine.Customers, 300, 1000);
        Assert.Equal(fixture.Run.Customers, engine.Customers);

        foreach (var source in new[] { "live", "2011-Q4" })
        {
            var figures = await GetAsync<RfmFigures>(client, $"/api/v1/analytics/rfm?source={source}");
            Assert.Equal(OnlineRetailRfmFixture.AsOf, figures.AsOf);
            Assert.Equal(engine.Customers, figures.Customers);
            Assert.Equal(engine.Revenue, figures.Revenue);
            Assert.Equal(engine.Rows.Sum(r => (long)r.Frequency), figures.PurchaseOrders);
            for (var r = 1; r <= 5; r++)
            {
                for (var f = 1; f <= 5; f++)
                {
                    var inCell = engine.Rows.Where(x => x.RecencyScore == r && x.FrequencyScore == f).ToList();
                    var cell = figures.Cell(r, f);
                    Assert.True(inCell.Count == cell.Customers, $"{source} R{r} F{f}: engine {inCell.Count}, dashboard {cell.Customers}");
                    Assert.Equal(inCell.Sum(x => x.Monetary), cell.Revenue);
                }
            }

            Assert.Equal(engine.Segments.Count, figures.Segments.Count);
            foreach (var expected in engine.Segments)
            {
                var row = Assert.Single(figures.Segments, s => s.Segment == expected.Name);
                var members = engine.Rows.Where(x => x.Segment == expected.Name).ToList();
                Assert.Equal(expected.Customers, row.Customers);
                Assert.Equal(expected.Revenue, row.Revenue);
                Assert.Equal((double)expected.Customers / engine.Customers, row.CustomerShare, 12);
                Assert.Equal((double)(expected.Revenue / engine.Revenue), row.RevenueShare, 12);
                Assert.Equal(members.Count == 0 ? null : members.Sum(x => x.Monetary) / members.Sum(x => x.Frequency), row.AverageOrderValue);
            }
        }
    }

    [Fact]
    public async Task The_customer_list_of_a_segment_holds_the_engines_customers_with_their_figures()
    {
        using var client = await ApiKeyClientAsync(fixture.Host, CrmRoles.Manager);
        var engine = await RfmApiTests.EngineRfmAsync(fixture.Host, OnlineRetailRfmFixture.AsOf);
        var segment = engine.Segments.MaxBy(s => s.Customers)!;

        var listed = await AllPagesAsync<CustomerValueListItem>(client, $"/api/v1/analytics/customers?source=live&segment={Uri.EscapeDataString(segment.Name)}");

        var expected = engine.Rows.Where(r => r.Segment == segment.Name).OrderBy(r => r.CustomerId).ToList();
        Assert.Equal(expected.Select(r => r.CustomerId), listed.Select(c => c.CustomerId).Order());
        var byId = listed.ToDictionary(c => c.CustomerId);
        foreach (var row in expected)
        {
            var item = byId[row.CustomerId];
            Assert.Equal((row.RecencyScore, row.FrequencyScore, row.MonetaryScore), (item.RecencyScore, item.FrequencyScore, item.MonetaryScore));
            Assert.Equal((row.RecencyDays, row.Frequency, row.Monetary, row.Tier), (item.RecencyDays!.Value, item.Frequency, item.Monetary, item.SpendTier));
        }
    }
}
