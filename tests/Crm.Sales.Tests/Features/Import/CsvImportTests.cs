using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>A small CSV with good and bad rows, written by the test; the expected outcome is read off the rows below.</summary>
public sealed class CsvFileFixture : ImportFixture
{
    public static readonly string Marker = Guid.NewGuid().ToString("N")[..8];

    public static readonly string[] Lines =
    [
        /* 1 */ "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price,unit_cost,channel",
        /* 2 */ $"A{Marker}-1,C{Marker}-1,2024-03-01,P{Marker}-1,\"Mug, large\",2,4.50,1.20,Phone",
        /* 3 */ $"A{Marker}-2,C{Marker}-2,2024-03-02 14:30:00,P{Marker}-2,Teapot,1,20,,",
        /* 4 */ $"A{Marker}-1,C{Marker}-1,2024-03-01,P{Marker}-2,Teapot,1,19.00,8.00,Phone",
        /* 5 */ $"A{Marker}-3,C{Marker}-1,not a date,P{Marker}-1,Mug,1,4.50,,",
        /* 6 */ $"A{Marker}-2,C{Marker}-2,2024-03-02,P{Marker}-3,Cosy,two,5,,",
        /* 7 */ $",C{Marker}-2,2024-03-02,P{Marker}-3,Cosy,1,5,,",
        /* 8 */ $"A{Marker}-4,,2024-03-05,P{Marker}-3,Cosy,1,abc,,",
        /* 9 */ $"A{Marker}-5,,2024-03-05,P{Marker}-3,Cosy,3,5.00,,Carrier pigeon",
        /* 10 */ $"A{Marker}-6,,2024-03-06,,No code,1,5.00,,",
        /* 11 */ $"A{Marker}-7,,2024-03-07,P{Marker}-3,Cosy,-1,5.00,,Store",
    ];

    private string? path;

    protected override OrderImportFormat Format => OrderImportFormat.Csv;

    protected override string FirstFile
    {
        get
        {
            if (path is null)
            {
                path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"orders-{Marker}.csv");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllLines(path, Lines);
            }

            return path;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(FirstFile);
    }
}

public sealed class CsvImportTests(CsvFileFixture fixture) : IClassFixture<CsvFileFixture>
{
    private static readonly string M = CsvFileFixture.Marker;

    [Fact]
    public void Bad_rows_are_reported_with_line_number_and_reason_and_good_rows_are_kept()
    {
        var summary = fixture.First;
        Assert.Equal(10, summary.Rows);

        // Orders 1 (lines 2 and 4, not adjacent), 2 (line 3; line 6 is bad) and 7 (line 11, a return).
        Assert.Equal(3, summary.OrdersCreated);
        Assert.Equal(4, summary.LinesCreated);
        Assert.Equal(2, summary.CustomersCreated);
        Assert.Equal(6, summary.RowsSkipped);
        Assert.Equal(
            [
                (5L, "Unparsable date"), (6L, "Unparsable quantity"), (7L, "Missing order id"), (8L, "Unparsable price"),
                (9L, "Unknown channel"), (10L, "Missing product code"),
            ],
            summary.Skipped.Select(s => (s.Line, s.Reason)));
        Assert.Contains("'not a date'", summary.Skipped[0].Detail, StringComparison.Ordinal);
        Assert.Contains("'two'", summary.Skipped[1].Detail, StringComparison.Ordinal);
        Assert.All(summary.SkippedByReason, r => Assert.Equal(1, r.Count));
    }

    [Fact]
    public async Task Orders_have_their_lines_totals_costs_and_channel()
    {
        // Order 1: 2 x 4.50 (cost 1.20) + 1 x 19.00 (cost 8.00) = 28.00, cost 2.40 + 8.00 = 10.40, by phone.
        Assert.Equal(1, await fixture.CountAsync(
            $"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId = 'csv:A{M}-1' AND OrderNumber = 'A{M}-1' AND LineCount = 2 " +
            "AND Total = 280000 AND PurchaseAmount = 280000 AND PurchaseCost = 104000 AND Channel = 'Phone' AND IsPurchase = 1 AND OrderedAtUtc = '2024-03-01 00:00:00'"));

        // Order 2's line has no cost in the file, so it takes the catalogue's: the teapot's 8.00, which the import took from
        // order 1's line; order 7 takes goods back only, so it is a return.
        Assert.Equal(1, await fixture.CountAsync(
            $"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId = 'csv:A{M}-2' AND Total = 200000 AND PurchaseCost = 80000 AND Channel = 'Other'"));
        Assert.Equal(1, await fixture.CountAsync(
            $"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId = 'csv:A{M}-7' AND Kind = 'Return' AND IsPurchase = 0 AND Total = -50000 AND CustomerId IS NULL"));

        // Products: first seen name, price and cost; the catalogue has each code once.
        Assert.Equal(1, await fixture.CountAsync(
            $"SELECT COUNT(*) AS Value FROM Sales_Products WHERE Code = 'P{M}-1' AND Name = 'Mug, large' AND SearchName = 'MUG, LARGE' AND ListPrice = 45000 AND UnitCost = 12000"));
        Assert.Equal(3, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Sales_Products WHERE Code LIKE 'P{M}-%'"));
        Assert.Equal(2, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Contacts_Interactions WHERE OrderId LIKE 'A{M}-%'"));
    }

    [Fact]
    public void A_re_import_creates_nothing_and_reports_the_same_bad_rows()
    {
        Assert.Equal(0, fixture.Second.OrdersCreated);
        Assert.Equal(3, fixture.Second.OrdersUnchanged);
        Assert.Equal(0, fixture.Second.CustomersCreated);
        Assert.Equal(6, fixture.Second.RowsSkipped);
    }

    [Fact]
    public async Task An_order_imported_before_with_other_content_is_left_unchanged_and_reported()
    {
        var path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"changed-{M}.csv");
        await File.WriteAllLinesAsync(path, [CsvFileFixture.Lines[0], $"A{M}-2,C{M}-2,2024-03-02 14:30:00,P{M}-2,Teapot,5,20,,"]);
        try
        {
            var summary = await fixture.ImportAsync(path, OrderImportFormat.Csv, null);
            Assert.Equal(0, summary.OrdersCreated);
            Assert.Equal(0, summary.OrdersUnchanged);
            Assert.Equal("Imported before with other content", Assert.Single(summary.Skipped).Reason);
            Assert.Equal(2, summary.Skipped[0].Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Lines_without_a_unit_cost_column_take_the_catalogues_cost_and_stay_unknown_only_where_the_product_has_none()
    {
        // The catalogue first: a file with unit_cost creates K1 (cost 3.00) and K2 (cost 5.00), and K3 whose cost it leaves
        // empty, through one anonymous order. Then a file without the unit_cost column.
        var catalogue = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"catalogue-{M}.csv");
        var orders = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"nocost-{M}.csv");
        await File.WriteAllLinesAsync(catalogue,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price,unit_cost",
            $"K{M}-0,,2024-01-01,K{M}-1,Kettle,1,10,3.00",
            $"K{M}-0,,2024-01-01,K{M}-2,Kettle lid,1,12,5.00",
            $"K{M}-0,,2024-01-01,K{M}-3,Kettle descaler,1,4,",
        ]);
        await File.WriteAllLinesAsync(orders,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price",
            $"K{M}-1,KC{M}-1,2024-02-01,K{M}-1,Kettle,2,10",
            $"K{M}-2,KC{M}-2,2024-02-02,K{M}-1,Kettle,1,10",
            $"K{M}-2,KC{M}-2,2024-02-02,K{M}-2,Kettle lid,3,12",
            $"K{M}-3,KC{M}-3,2024-02-03,K{M}-2,Kettle lid,1,12",
            $"K{M}-3,KC{M}-3,2024-02-03,K{M}-3,Kettle descaler,1,4",
        ]);
        try
        {
            Assert.Equal(1, (await fixture.ImportAsync(catalogue, OrderImportFormat.Csv, null)).OrdersCreated);
            Assert.Equal(3, (await fixture.ImportAsync(orders, OrderImportFormat.Csv, null)).OrdersCreated);

            // 2 x 3.00 = 6.00; 3.00 + 3 x 5.00 = 18.00; the descaler has no cost anywhere, so order 3's cost stays unknown.
            Assert.Equal(1, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE OrderNumber = 'K{M}-1' AND PurchaseCost = 60000"));
            Assert.Equal(1, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE OrderNumber = 'K{M}-2' AND PurchaseCost = 180000"));
            Assert.Equal(1, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE OrderNumber = 'K{M}-3' AND PurchaseCost IS NULL"));
            Assert.Equal(1, await fixture.CountAsync(
                $"SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE ProductCode = 'K{M}-2' AND UnitCost = 50000 AND OrderId = (SELECT Id FROM Sales_Orders WHERE OrderNumber = 'K{M}-3')"));
            Assert.Equal(1, await fixture.CountAsync(
                $"SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE ProductCode = 'K{M}-3' AND UnitCost IS NULL AND OrderId = (SELECT Id FROM Sales_Orders WHERE OrderNumber = 'K{M}-3')"));

            // The file's own values stay the content: importing it again changes nothing.
            Assert.Equal(3, (await fixture.ImportAsync(orders, OrderImportFormat.Csv, null)).OrdersUnchanged);
        }
        finally
        {
            File.Delete(catalogue);
            File.Delete(orders);
        }
    }

    [Fact]
    public async Task A_file_without_a_required_column_is_refused_before_anything_is_written()
    {
        var path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"nocolumn-{M}.csv");
        await File.WriteAllLinesAsync(path, ["order_id,customer_id,order_date,product_code,quantity,unit_price", $"Z{M},,2024-01-01,X,1,1"]);
        try
        {
            var error = await Assert.ThrowsAsync<OrderImportException>(() => fixture.ImportAsync(path, OrderImportFormat.Csv, null));
            Assert.Contains("product_name", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, await fixture.CountAsync($"SELECT COUNT(*) AS Value FROM Sales_Orders WHERE OrderNumber = 'Z{M}'"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(CrmRoles.SalesRep)]
    [InlineData(CrmRoles.ServiceAgent)]
    public async Task Only_managers_and_admins_import(string role) =>
        await Assert.ThrowsAsync<ForbiddenException>(() => fixture.ImportAsync(RepositoryData.PathOf("cdnow/CDNOW_sample.txt"), OrderImportFormat.CdnowSample, null, role));

    [Fact]
    public async Task Cancelling_keeps_the_batches_already_written_whole_and_a_re_import_adds_the_rest()
    {
        // CDNOW sample: 6,919 one-line orders, written in batches of 2,000; cancel when the first batch is reported.
        using var cancellation = new CancellationTokenSource();
        await using (var scope = fixture.Scope(CrmRoles.Admin))
        {
            var importer = scope.ServiceProvider.GetRequiredService<IOrderImporter>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.ImportAsync(
                RepositoryData.PathOf("cdnow/CDNOW_sample.txt"), OrderImportFormat.CdnowSample, new CancelOnFirstReport(cancellation), cancellation.Token));
        }

        Assert.Equal(2_000, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE Source = 'cdnow-sample'"));
        Assert.Equal(2_000, await fixture.CountAsync(
            "SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE OrderId IN (SELECT Id FROM Sales_Orders WHERE Source = 'cdnow-sample')"));

        var rest = await fixture.ImportAsync(RepositoryData.PathOf("cdnow/CDNOW_sample.txt"), OrderImportFormat.CdnowSample, null, CrmRoles.Admin);
        Assert.Equal(2_000, rest.OrdersUnchanged);
        Assert.Equal(4_919, rest.OrdersCreated);
    }

    private sealed class CancelOnFirstReport(CancellationTokenSource cancellation) : IProgress<OrderImportProgress>
    {
        public void Report(OrderImportProgress value) => cancellation.Cancel();
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_bytes_not_its_name()
    {
        var plain = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"bytes-{M}.txt");
        await File.WriteAllTextAsync(plain, "hello,world\n");
        var gz = FileCopies.Gzipped(plain);
        try
        {
            await using var stream = new ImportFile(gz, new OrderImportLimits()).Open();
            using var reader = new StreamReader(stream);
            Assert.Equal("hello,world\n", await reader.ReadToEndAsync());
        }
        finally
        {
            File.Delete(plain);
            File.Delete(gz);
        }
    }

    [Fact]
    public async Task The_importer_is_registered_for_other_modules_and_the_command_line()
    {
        await using var scope = fixture.Scope(CrmRoles.Admin);
        Assert.IsType<OrderImporter>(scope.ServiceProvider.GetRequiredService<IOrderImporter>());
    }
}
