using Crm.Sales.Contracts;

namespace Crm.Sales.Tests.Features.Import;

public sealed class CdnowMasterFixture : ImportFixture
{
    protected override OrderImportFormat Format => OrderImportFormat.Cdnow;

    protected override string FirstFile => RepositoryData.PathOf("cdnow/CDNOW_master.txt");
}

public sealed class CdnowSampleFixture : ImportFixture
{
    protected override OrderImportFormat Format => OrderImportFormat.CdnowSample;

    protected override string FirstFile => RepositoryData.PathOf("cdnow/CDNOW_sample.txt");
}

/// <summary>
/// Expected figures derived independently with awk and Python's Decimal over the file (2026-11-23):
/// <code>
/// awk 'NR&gt;1{ k=$1" "$2; c[k]++; if(c[k]==2) dup++; cust[$1]=1; if($3==0) z++ } END{print NR-1, dup, length(cust), z}' CDNOW_master.txt
/// sum(Decimal(line.split()[3]) for line in lines[1:])
/// </code>
/// 69,659 purchase lines; 23,570 customers; 1,774 (customer, day) pairs with more than one line; no line with 0 CDs;
/// dollars sum to 2,500,315.63.
/// </summary>
public sealed class CdnowMasterImportTests(CdnowMasterFixture fixture) : IClassFixture<CdnowMasterFixture>
{
    [Fact]
    public async Task Every_line_is_one_sale_whose_amount_is_exactly_the_dollars()
    {
        Assert.Equal(69_659, fixture.First.Rows);
        Assert.Equal(69_659, fixture.First.OrdersCreated);
        Assert.Equal(23_570, fixture.First.CustomersCreated);
        Assert.Equal(1, fixture.First.ProductsCreated);
        Assert.Equal(0, fixture.First.RowsSkipped);

        Assert.Equal(69_659, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE Kind = 'Sale' AND IsPurchase = 1 AND LineCount = 1"));
        Assert.Equal(69_659, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE ProductCode = 'CD'"));
        Assert.Equal(23_570, await fixture.CountAsync("SELECT COUNT(DISTINCT CustomerId) AS Value FROM Sales_Orders"));
        Assert.Equal(25_003_156_300, await fixture.CountAsync("SELECT SUM(Total) AS Value FROM Sales_Orders"));
        Assert.Equal(25_003_156_300, await fixture.CountAsync("SELECT SUM(PurchaseAmount) AS Value FROM Sales_Orders"));
        Assert.Equal(25_003_156_300, await fixture.CountAsync("SELECT SUM(Amount) AS Value FROM Sales_OrderLines"));
    }

    [Fact]
    public async Task Several_purchases_of_a_customer_on_one_day_stay_separate_orders()
    {
        Assert.Equal(1_774, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId LIKE 'cdnow:%:2'"));
        Assert.Equal(1, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId = 'cdnow:00001:19970101:1'"));
    }

    [Fact]
    public void A_re_import_finds_every_order_unchanged()
    {
        Assert.Equal(0, fixture.Second.OrdersCreated);
        Assert.Equal(69_659, fixture.Second.OrdersUnchanged);
        Assert.Equal(0, fixture.Second.CustomersCreated);
    }
}

/// <summary>
/// Derived with awk over CDNOW_sample.txt: 6,919 lines, 2,357 distinct sample ids (column 2), 177 (sample id, day) pairs
/// with more than one line; dollars (column 5) sum to 244,091.94.
/// </summary>
public sealed class CdnowSampleImportTests(CdnowSampleFixture fixture) : IClassFixture<CdnowSampleFixture>
{
    [Fact]
    public async Task Every_line_is_a_sale_of_the_sample_customer()
    {
        Assert.Equal(6_919, fixture.First.Rows);
        Assert.Equal(6_919, fixture.First.OrdersCreated);
        Assert.Equal(2_357, fixture.First.CustomersCreated);
        Assert.Equal(0, fixture.First.RowsSkipped);
        Assert.Equal(2_357, await fixture.CountAsync("SELECT COUNT(DISTINCT CustomerId) AS Value FROM Sales_Orders"));
        Assert.Equal(177, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE ExternalId LIKE 'cdnow-sample:%:2'"));
        Assert.Equal(2_440_919_400, await fixture.CountAsync("SELECT SUM(Total) AS Value FROM Sales_Orders"));
        Assert.Equal(6_919, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Contacts_Interactions WHERE Type = 'Order'"));
    }

    [Fact]
    public void A_re_import_finds_every_order_unchanged()
    {
        Assert.Equal(0, fixture.Second.OrdersCreated);
        Assert.Equal(6_919, fixture.Second.OrdersUnchanged);
    }
}
