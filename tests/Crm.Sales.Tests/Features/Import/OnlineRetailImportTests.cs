using Crm.Sales.Contracts;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>The full UCI Online Retail file (gzip), imported once and then again.</summary>
public sealed class OnlineRetailFixture : ImportFixture
{
    protected override OrderImportFormat Format => OrderImportFormat.OnlineRetail;

    protected override string FirstFile => RepositoryData.PathOf("online-retail/online_retail.csv.gz");
}

/// <summary>
/// Expected figures derived independently with Python's csv module over the same file (2026-11-23):
/// <code>
/// for row in csv.reader(gzip.open(f, 'rt')):   # header skipped
///     rows += 1; invoices.add(row[0]); C-invoices if row[0].startswith('C')
///     customer = row[6] minus a trailing ".0"; empty -> row without customer
///     stock codes compared upper-case; amount = Decimal(row[3]) * Decimal(row[5])
/// </code>
/// rows 541,909; invoices 25,900, of which 3,836 start with C (so 22,064 sales); customers 4,372; rows without customer
/// 135,080 in 3,710 invoices (no invoice mixes rows with and without customer), so 22,190 invoices have a customer;
/// 4,070 distinct stock codes, 3,958 ignoring case; 1 invoice whose rows are not contiguous; sum of sale amounts
/// 10,644,560.424, of cancellation amounts -896,812.49; 20,728 sale invoices have a line of positive quantity.
/// </summary>
public sealed class OnlineRetailImportTests(OnlineRetailFixture fixture) : IClassFixture<OnlineRetailFixture>
{
    [Fact]
    public void The_summary_counts_every_row_invoice_customer_and_product()
    {
        var summary = fixture.First;
        Assert.Equal(541_909, summary.Rows);
        Assert.Equal(25_900, summary.OrdersCreated);
        Assert.Equal(0, summary.OrdersUnchanged);
        Assert.Equal(4_372, summary.CustomersCreated);
        Assert.Equal(3_958, summary.ProductsCreated);
        Assert.Equal(541_909, summary.LinesCreated);
        Assert.Equal(0, summary.RowsSkipped);
        Assert.Empty(summary.Skipped);
        Assert.Equal(541_909, fixture.Progress[^1].RowsRead);
        Assert.Equal(541_909, fixture.Progress[^1].TotalRows);
    }

    [Fact]
    public async Task The_database_holds_one_order_per_invoice_with_kind_customer_and_totals()
    {
        Assert.Equal(22_064, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE Kind = 'Sale'"));
        Assert.Equal(3_836, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE Kind = 'Cancellation'"));
        Assert.Equal(3_836, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE Kind = 'Cancellation' AND OrderNumber LIKE 'C%' AND OriginalOrderId IS NULL"));
        Assert.Equal(3_710, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE CustomerId IS NULL"));
        Assert.Equal(541_909, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_OrderLines"));
        Assert.Equal(541_909, await fixture.CountAsync("SELECT SUM(LineCount) AS Value FROM Sales_Orders"));
        Assert.Equal(4_372, await fixture.CountAsync("SELECT COUNT(DISTINCT CustomerId) AS Value FROM Sales_Orders"));
        Assert.Equal(4_372, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Contacts_Customers WHERE ExternalId IS NOT NULL"));
        Assert.Equal(20_728, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE IsPurchase = 1"));
        Assert.Equal(25_900, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId = 'online-retail:' || OrderNumber AND Source = 'online-retail'"));
        Assert.Equal(0, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE ProductId IS NULL"));

        // Money is stored as fixed-point 1/10,000ths on SQLite: the sums are exact.
        Assert.Equal(106_445_604_240, await fixture.CountAsync("SELECT SUM(Total) AS Value FROM Sales_Orders WHERE Kind = 'Sale'"));
        Assert.Equal(-8_968_124_900, await fixture.CountAsync("SELECT SUM(Total) AS Value FROM Sales_Orders WHERE Kind = 'Cancellation'"));
        Assert.Equal(await fixture.CountAsync("SELECT SUM(Amount) AS Value FROM Sales_OrderLines"),
            await fixture.CountAsync("SELECT SUM(Total) AS Value FROM Sales_Orders"));
    }

    [Fact]
    public async Task Customer_ids_lose_the_spreadsheet_decimal_and_keep_their_country()
    {
        // 536365 is the first invoice of the file: customer "17850.0", United Kingdom, 7 lines.
        Assert.Equal(1, await fixture.CountAsync(
            "SELECT COUNT(*) AS Value FROM Sales_Orders o JOIN Contacts_Customers c ON c.Id = o.CustomerId " +
            "WHERE o.OrderNumber = '536365' AND c.ExternalId = '17850' AND o.LineCount = 7"));
        Assert.Equal(0, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Contacts_Customers WHERE ExternalId LIKE '%.0'"));
    }

    [Fact]
    public async Task Orders_of_known_customers_are_on_their_timeline()
    {
        Assert.Equal(22_190, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Contacts_Interactions WHERE Type = 'Order'"));
        Assert.Equal(0, await fixture.CountAsync(
            "SELECT COUNT(*) AS Value FROM Contacts_Interactions i JOIN Sales_Orders o ON o.OrderNumber = i.OrderId " +
            "WHERE i.Type = 'Order' AND (o.CustomerId <> i.CustomerId OR o.OrderedAtUtc <> i.OccurredAtUtc)"));
    }

    [Fact]
    public void A_re_import_creates_nothing_and_finds_every_order_unchanged()
    {
        var again = fixture.Second;
        Assert.Equal(541_909, again.Rows);
        Assert.Equal(0, again.OrdersCreated);
        Assert.Equal(25_900, again.OrdersUnchanged);
        Assert.Equal(0, again.CustomersCreated);
        Assert.Equal(0, again.ProductsCreated);
        Assert.Equal(0, again.RowsSkipped);
    }

    [Fact]
    public void One_OrdersImported_event_is_published_for_the_import_that_created_orders()
    {
        var received = Assert.Single(fixture.Events.Received);
        Assert.Equal(new OrdersImported(25_900, 4_372), received);
    }
}
