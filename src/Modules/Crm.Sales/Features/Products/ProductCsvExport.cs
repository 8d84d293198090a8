using System.Globalization;
using System.Text;
using Crm.Sales.Features.Shared;

namespace Crm.Sales.Features.Products;

/// <summary>Writes the products of a list view (same search, filters and sort) as CSV, page by page, safe for spreadsheets.</summary>
internal sealed class ProductCsvExport(ProductQueries queries)
{
    public const int MaxRows = 1_000_000;

    public static readonly string[] Columns = ["id", "code", "name", "category", "list_price", "unit_cost", "stock_on_hand", "active"];

    public async Task WriteAsync(ProductListQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        // UTF-8 with a byte-order mark, so spreadsheets read accents correctly.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', Columns).AsMemory(), cancellationToken);
        var page = 0;
        var written = 0;
        while (written < MaxRows)
        {
            var result = await queries.ListAsync(query with { Page = page++, PageSize = ProductQueries.MaxPageSize }, cancellationToken);
            foreach (var p in result.Items)
            {
                await writer.WriteLineAsync(Row(
                    p.Id.ToString(CultureInfo.InvariantCulture),
                    SalesText.SpreadsheetCell(p.Code),
                    SalesText.SpreadsheetCell(p.Name),
                    SalesText.SpreadsheetCell(p.Category),
                    p.ListPrice.ToString(CultureInfo.InvariantCulture),
                    p.UnitCost?.ToString(CultureInfo.InvariantCulture) ?? "",
                    p.StockOnHand.ToString(CultureInfo.InvariantCulture),
                    p.IsActive ? "yes" : "no").AsMemory(), cancellationToken);
            }

            written += result.Items.Count;
            await writer.FlushAsync(cancellationToken);
            if (result.Items.Count < ProductQueries.MaxPageSize)
            {
                break;
            }
        }
    }

    /// <summary>One CSV record (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled.</summary>
    internal static string Row(params string[] fields) => string.Join(',', fields.Select(f =>
        f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
}
