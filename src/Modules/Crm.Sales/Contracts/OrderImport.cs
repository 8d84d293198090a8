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
/// to a created or unchanged order or is counted in <see cref="RowsSkipped"/>, with its line number and reason in
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
}

/// <summary>The file cannot be imported at all (for example a required column is missing); nothing was written.</summary>
public sealed class OrderImportException(string message) : Exception(message);
