using Crm.Sales.Contracts;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>Groceries (plain CSV), then the same content gzipped under a ".txt" name.</summary>
public sealed class GroceriesFixture : ImportFixture
{
    private string? gzipped;

    protected override OrderImportFormat Format => OrderImportFormat.Baskets;

    protected override string FirstFile => RepositoryData.PathOf("groceries/groceries.csv");

    protected override string SecondFile => gzipped ??= FileCopies.Gzipped(FirstFile);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(SecondFile);
    }
}

/// <summary>FIMI retail (gzip), then the same content as a plain file.</summary>
public sealed class FimiRetailFixture : ImportFixture
{
    private string? plain;

    protected override OrderImportFormat Format => OrderImportFormat.Baskets;

    protected override string FirstFile => RepositoryData.PathOf("fimi-retail/retail.dat.gz");

    protected override string SecondFile => plain ??= FileCopies.Gunzipped(FirstFile);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(SecondFile);
    }
}

/// <summary>
/// Derived with Python over groceries.csv (2026-11-23): split each line on ',', strip, drop empties, de-duplicate:
/// 9,835 baskets, none empty, 43,367 distinct-item lines, 169 distinct items (the README's figures: 9,835 baskets, 169 items).
/// </summary>
public sealed class GroceriesImportTests(GroceriesFixture fixture) : IClassFixture<GroceriesFixture>
{
    [Fact]
    public async Task Every_line_is_an_anonymous_store_basket_with_one_line_per_distinct_item()
    {
        Assert.Equal(9_835, fixture.First.Rows);
        Assert.Equal(9_835, fixture.First.OrdersCreated);
        Assert.Equal(0, fixture.First.CustomersCreated);
        Assert.Equal(169, fixture.First.ProductsCreated);
        Assert.Equal(43_367, fixture.First.LinesCreated);
        Assert.Equal(0, fixture.First.RowsSkipped);

        Assert.Equal(9_835, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE CustomerId IS NULL AND Channel = 'Store' AND Source = 'baskets'"));
        Assert.Equal(43_367, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_OrderLines WHERE Quantity = 10000 AND UnitPrice = 0"));
        Assert.Equal(169, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Products"));

        // Item names with spaces stay whole: the first basket is "citrus fruit,semi-finished bread,margarine,ready soups".
        Assert.Equal(4, await fixture.CountAsync(
            "SELECT COUNT(*) AS Value FROM Sales_OrderLines l JOIN Sales_Orders o ON o.Id = l.OrderId " +
            "WHERE o.ExternalId LIKE 'baskets:%:1' AND l.ProductCode IN ('citrus fruit', 'semi-finished bread', 'margarine', 'ready soups')"));
        Assert.Equal(0, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Contacts_Interactions"));
    }

    [Fact]
    public void The_same_content_gzipped_under_another_name_creates_nothing()
    {
        Assert.Equal(9_835, fixture.Second.Rows);
        Assert.Equal(0, fixture.Second.OrdersCreated);
        Assert.Equal(9_835, fixture.Second.OrdersUnchanged);
    }
}

/// <summary>
/// Derived with Python over retail.dat.gz (2026-11-23): split each line on whitespace, de-duplicate: 88,162 baskets, none
/// empty, 908,576 distinct-item lines, 16,470 distinct items (the README's figures: 88,162 baskets, 16,470 items).
/// </summary>
public sealed class FimiRetailImportTests(FimiRetailFixture fixture) : IClassFixture<FimiRetailFixture>
{
    [Fact]
    public async Task Whitespace_separated_baskets_are_read_from_the_gzip_file()
    {
        Assert.Equal(88_162, fixture.First.Rows);
        Assert.Equal(88_162, fixture.First.OrdersCreated);
        Assert.Equal(16_470, fixture.First.ProductsCreated);
        Assert.Equal(908_576, fixture.First.LinesCreated);
        Assert.Equal(0, fixture.First.RowsSkipped);
        Assert.Equal(908_576, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_OrderLines"));
        Assert.Equal(88_162, await fixture.CountAsync("SELECT COUNT(*) AS Value FROM Sales_Orders WHERE CustomerId IS NULL"));
    }

    [Fact]
    public void The_plain_file_with_the_same_content_creates_nothing()
    {
        Assert.Equal(0, fixture.Second.OrdersCreated);
        Assert.Equal(88_162, fixture.Second.OrdersUnchanged);
    }
}
