namespace Crm.Sales.Contracts;

/// <summary>The transaction files the order importer reads.</summary>
public enum OrderImportFormat
{
    /// <summary>UCI Online Retail: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.</summary>
    OnlineRetail,

    /// <summary>CDNOW master log: header, then <c>customer_id yyyymmdd cds dollars</c>.</summary>
    Cdnow,

    /// <summary>CDNOW 1/10 sample: <c>master_id sample_id yyyymmdd cds dollars</c>, no header.</summary>
    CdnowSample,

    /// <summary>One anonymous basket per line, items comma-separated (groceries) or whitespace-separated (FIMI retail.dat).</summary>
    Baskets,

    /// <summary>Generic CSV: order_id,customer_id,order_date,product_code,product_name,quantity,unit_price[,unit_cost][,channel].</summary>
    Csv,
}

/// <summary>The names formats go by on the command line and in the upload page.</summary>
public static class OrderImportFormats
{
    private static readonly Dictionary<string, OrderImportFormat> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["online-retail"] = OrderImportFormat.OnlineRetail,
        ["cdnow"] = OrderImportFormat.Cdnow,
        ["cdnow-sample"] = OrderImportFormat.CdnowSample,
        ["baskets"] = OrderImportFormat.Baskets,
        ["csv"] = OrderImportFormat.Csv,
    };

    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    public static bool TryParse(string? name, out OrderImportFormat format) => ByName.TryGetValue(name?.Trim() ?? "", out format);

    public static string NameOf(OrderImportFormat format) => ByName.First(p => p.Value == format).Key;
}

/// <summary>A row (1-based line number of the file) that did not become part of an order, and why.</summary>
public sealed record OrderImportSkip(long Line, string Reason, string Detail);

/// <summary>How many rows were skipped for one reason.</summary>
public sealed record OrderImportSkipCount(string Reason, int Count);

/// <summary>Where an import stands: rows read so far out of the file's rows (0 while it is being counted).</summary>
public sealed record OrderImportProgress(long RowsRead, long TotalRows, int OrdersCreated);

/// <summary>
/// What an import did. <see cref="Rows"/> counts the data rows of the file (header excluded); every row either belongs
/// to a created, replaced or unchanged order or is counted in <see cref="RowsSkipped"/>, with its line number and reason in
/// <see cref="Skipped"/> (the first <see cref="MaxSkippedListed"/>) and a count per reason in <see cref="SkippedByReason"/>.
/// </summary>
public sealed record OrderImportSummary(
    string Format,
    long Rows,
    int CustomersCreated,
    int OrdersCreated,
    int OrdersUnchanged,
    long RowsSkipped,
    int ProductsCreated,
    int LinesCreated,
    IReadOnlyList<OrderImportSkip> Skipped,
    IReadOnlyList<OrderImportSkipCount> SkippedByReason,
    TimeSpan Elapsed)
{
    public const int MaxSkippedListed = 200;

    /// <summary>Orders imported before with other content that this import replaced (asked for with <see cref="OrderImportSettings.ReplaceConflicting"/>).</summary>
    public int OrdersReplaced { get; init; }

    /// <summary>Order numbers imported before with other content and left unchanged (the first <see cref="MaxSkippedListed"/>).</summary>
    public IReadOnlyList<string> Conflicts { get; init; } = [];

    /// <summary>How many orders conflicted and were left unchanged.</summary>
    public int ConflictCount { get; init; }
}

/// <summary>
/// Imports a transaction file into Sales orders (customers through Contacts, products into the catalogue, orders on the
/// customers' timelines). Re-importing the same file creates nothing twice. Admin or Manager only.
/// </summary>
public interface IOrderImporter
{
    /// <param name="path">A plain or gzip-compressed file (detected by its first bytes).</param>
    Task<OrderImportSummary> ImportAsync(
        string path, OrderImportFormat format, IProgress<OrderImportProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <param name="path">A plain or gzip-compressed file (detected by its first bytes).</param>
    /// <param name="settings">Whether to replace conflicting orders, and bounds that override the configured ones.</param>
    Task<OrderImportSummary> ImportAsync(
        string path, OrderImportFormat format, OrderImportSettings settings, IProgress<OrderImportProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// The bounds of every import (configuration section <c>Import</c>). The defaults fit the largest real file, UCI Online
/// Retail (48,039,726 bytes decompressed, longest line 104 bytes; the longest line of any file in data/ has 383), with
/// room to spare, and stop a compressed bomb long before memory runs short.
/// </summary>
public sealed class OrderImportLimits
{
    public const string SectionName = "Import";

    /// <summary>Most bytes an import reads from a file, after decompression: 256 MiB.</summary>
    public long MaxDecompressedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Longest line (bytes between line feeds): 16 KiB.</summary>
    public int MaxLineBytes { get; set; } = 16 * 1024;

    /// <summary>Largest file the import page accepts: 128 MiB (the command line reads any size within the other bounds).</summary>
    public long MaxUploadBytes { get; set; } = 128L * 1024 * 1024;
}

/// <summary>How one import runs.</summary>
public sealed record OrderImportSettings
{
    /// <summary>
    /// True: an order already imported with other content is replaced by the file's (same order, new lines and totals).
    /// False: it is left as it is and listed in <see cref="OrderImportSummary.Conflicts"/>.
    /// </summary>
    public bool ReplaceConflicting { get; init; }

    /// <summary>Overrides <see cref="OrderImportLimits.MaxDecompressedBytes"/> for this import.</summary>
    public long? MaxDecompressedBytes { get; init; }

    /// <summary>Overrides <see cref="OrderImportLimits.MaxLineBytes"/> for this import.</summary>
    public int? MaxLineBytes { get; init; }
}

/// <summary>
/// The file cannot be imported (a required column is missing, it is not text, it breaks a bound, its gzip is truncated):
/// found while the file is read through before the first write, so nothing was written.
/// </summary>
public sealed class OrderImportException(string message) : Exception(message);
