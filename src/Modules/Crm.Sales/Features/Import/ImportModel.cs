using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Crm.Sales.Contracts;

namespace Crm.Sales.Features.Import;

/// <summary>One line of an order as a file gives it (amounts are computed when the order is written).</summary>
internal sealed record ImportedLine(string Code, string Name, decimal Quantity, decimal UnitPrice, decimal Discount = 0, decimal? UnitCost = null);

/// <summary>One order read from a file: its deterministic external id and the rows (lines of the file) it came from.</summary>
internal sealed class ImportedOrder
{
    public required string ExternalId { get; init; }

    public required string OrderNumber { get; init; }

    /// <summary>The customer's id in the file; null for anonymous baskets.</summary>
    public string? CustomerExternalId { get; init; }

    public string? Country { get; init; }

    public DateTime OrderedAtUtc { get; init; }

    /// <summary>False when the file has no date (baskets): the date then stays out of the content hash.</summary>
    public bool DatedBySource { get; init; } = true;

    public OrderKind Kind { get; set; }

    public SalesChannel Channel { get; init; }

    public List<ImportedLine> Lines { get; } = [];

    /// <summary>Line number of the order's first row in the file.</summary>
    public long FirstLine { get; init; }

    /// <summary>How many rows of the file the order stands for (its lines, before merging repeated items).</summary>
    public int Rows { get; set; }

    /// <summary>SHA-256 of the content as received, so a replay with other content is noticed.</summary>
    public string ContentHash()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Kind}|{CustomerExternalId}|{Channel}|");
        if (DatedBySource)
        {
            text.Append(OrderedAtUtc.ToString("O", CultureInfo.InvariantCulture));
        }

        foreach (var line in Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{line.Code}|{line.Quantity}|{line.UnitPrice}|{line.Discount}|{line.UnitCost}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>What a reader yields: an order, or a skipped row (exactly one of the two).</summary>
internal readonly record struct ImportItem(ImportedOrder? Order, OrderImportSkip? Skip)
{
    public static ImportItem Of(ImportedOrder order) => new(order, null);

    public static ImportItem Skipped(long line, string reason, string detail) => new(null, new OrderImportSkip(line, reason, detail));
}

/// <summary>Rows read so far and the file's total rows (known after a reader's first pass), for progress.</summary>
internal sealed class ImportCounters
{
    public long RowsRead;
    public long TotalRows;
}

/// <summary>Reads one file format into orders, streaming (memory bounded by the orders still open, not the file).</summary>
internal interface IOrderFileReader
{
    IAsyncEnumerable<ImportItem> ReadAsync(ImportFile file, ImportCounters counters, CancellationToken cancellationToken);
}

/// <summary>
/// A file to import: plain or gzip (recognised by its magic bytes, whatever its name), opened as often as a reader needs,
/// always through <see cref="ImportGuard"/> and its bounds.
/// </summary>
internal sealed class ImportFile(string path, OrderImportLimits limits)
{
    public const int BufferSize = 1 << 16;

    public string Path { get; } = path;

    public Stream Open() => ImportGuard.Open(Path, limits);

    public StreamReader OpenText() => new(Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
}

/// <summary>Parsing helpers shared by the readers (invariant culture, UTC).</summary>
internal static class ImportParsing
{
    public const int MaxCodeLength = 50;
    public const int MaxNameLength = 300;
    public const int MaxNumberLength = 50;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy", "yyyyMMdd",
    ];

    public static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    public static bool TryDate(string text, out DateTime value)
    {
        var ok = DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        if (ok && value.Year is < 1900 or > 2200)
        {
            ok = false;
        }

        return ok;
    }

    /// <summary>A customer id as the source writes it, tidied: "17850.0" (a spreadsheet's float) becomes "17850".</summary>
    public static string? CustomerId(string text)
    {
        var id = text.Trim();
        if (id.Length == 0)
        {
            return null;
        }

        if (id.EndsWith(".0", StringComparison.Ordinal) && id.Length > 2 && id[..^2].All(char.IsAsciiDigit))
        {
            id = id[..^2];
        }

        return id;
    }

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
