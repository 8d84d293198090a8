using System.Text;
using Crm.Contacts.Contracts;
using Crm.Kernel;

namespace Crm.Sales.Tests.Features.Products;

public sealed class ProductCsvExportTests(ProductsFixture fixture) : IClassFixture<ProductsFixture>
{
    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_exported_as_text_and_commas_are_quoted()
    {
        using var manager = await fixture.Host.SignedInClientAsync("manager@ecrm.local");
        await ProductsFixture.CreateAsync(manager, ProductsFixture.Product("CSV-1", "=HYPERLINK(\"http://evil\",\"x\")", 5m, "@SUM(A1)"));
        await ProductsFixture.CreateAsync(manager, ProductsFixture.Product("CSV-2", "+1 glue, extra strong", 6m, "-minus"));

        var bytes = await manager.GetByteArrayAsync(new Uri("/api/v1/products/export?search=CSV-&sort=Code", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        string[] lines = [.. Encoding.UTF8.GetString(bytes[3..]).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

        Assert.Equal("id,code,name,category,list_price,unit_cost,stock_on_hand,active", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",CSV-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@SUM(A1),5", lines[1], StringComparison.Ordinal);
        Assert.Contains(",CSV-2,\"'+1 glue, extra strong\",'-minus,6", lines[2], StringComparison.Ordinal);
        var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<PagedResult<Contracts.ProductListItem>>(
            manager, new Uri("/api/v1/products?search=CSV-", UriKind.Relative), ProductsFixture.Json);
        Assert.Equal(2, page!.TotalCount);
    }
}
