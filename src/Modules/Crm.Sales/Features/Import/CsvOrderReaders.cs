using System.Runtime.CompilerServices;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using CsvHelper;

namespace Crm.Sales.Features.Import;

/// <summary>
/// Groups the rows of a file into orders by an order key when an order's rows need not be next to each other: a first
/// pass counts the rows of every key, the second emits an order as soon as its last row has been read. Memory holds the
/// row counts of the keys and the orders still open, never the whole file.
/// </summary>
internal sealed class OrderGroups(Dictionary<string, int> rowsPerKey)
{
    private readonly Dictionary<string, ImportedOrder> open = new(StringComparer.Ordinal);

    public ImportedOrder? Find(string key) => open.GetValueOrDefault(key);

    public void Start(string key, ImportedOrder order) => open[key] = order;

    /// <summary>Marks one row of <paramref name="key"/> as read; returns the order once all its rows are (null when none was valid).</summary>
    public bool RowDone(string key, out ImportedOrder? completed)
    {
        completed = null;
        if (!rowsPerKey.TryGetValue(key, out var left))
        {
            return false;
        }

        if (left > 1)
        {
            rowsPerKey[key] = left - 1;
            return false;
        }

        rowsPerKey.Remove(key);
        open.Remove(key, out completed);
        return true;
    }

    /// <summary>First pass: rows per key of column <paramref name="keyColumn"/> (blank keys are not counted).</summary>
    public static async Task<OrderGroups> CountAsync(ImportFile file, string keyColumn, ImportCounters counters, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var csv = CsvFormat.Open(file, trackLines: false);
        var key = -1;
        while (await csv.ReadAsync(cancellationToken))
        {
            if (key < 0)
            {
                key = CsvFormat.Column(csv, keyColumn);
            }

            counters.TotalRows++;
            var value = csv.GetString(key).Trim();
            if (value.Length > 0)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return new OrderGroups(counts);
    }
}

internal static class CsvFormat
{
    public static CsvReader Open(ImportFile file, bool trackLines) =>
        CsvReader.Create(file.Open(), new CsvReaderOptions { Separator = ',', TrackLineNumbers = trackLines, DetectSeparatorHint = false }, leaveOpen: false);

    /// <summary>Index of a column by its header (case and spaces ignored), or -1.</summary>
    public static int TryColumn(CsvReader csv, string name)
    {
        var headers = csv.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(Canonical(headers[i]), Canonical(name), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public static int Column(CsvReader csv, string name)
    {
        var index = TryColumn(csv, name);
        return index >= 0
            ? index
            : throw new OrderImportException($"The file has no column '{name}'. Its header is: {string.Join(",", csv.Headers)}");
    }

    private static string Canonical(string header) => new([.. header.Where(c => char.IsLetterOrDigit(c))]);
}

/// <summary>
/// UCI Online Retail (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country): one order per
/// invoice, wherever its rows are in the file. Invoices starting with "C" are cancellations (their negative quantities
/// kept); rows without a customer become anonymous orders; zero or negative quantities on sales are kept as lines.
/// </summary>
internal sealed class OnlineRetailReader : IOrderFileReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(ImportFile file, ImportCounters counters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await OrderGroups.CountAsync(file, "InvoiceNo", counters, cancellationToken);
        await using var csv = CsvFormat.Open(file, trackLines: true);
        int invoice = -1, code = 0, description = 0, quantity = 0, date = 0, price = 0, customer = 0, country = 0;
        while (await csv.ReadAsync(cancellationToken))
        {
            if (invoice < 0)
            {
                (invoice, code, description, quantity) = (CsvFormat.Column(csv, "InvoiceNo"), CsvFormat.Column(csv, "StockCode"),
                    CsvFormat.Column(csv, "Description"), CsvFormat.Column(csv, "Quantity"));
                (date, price, customer, country) = (CsvFormat.Column(csv, "InvoiceDate"), CsvFormat.Column(csv, "UnitPrice"),
                    CsvFormat.Column(csv, "CustomerID"), CsvFormat.Column(csv, "Country"));
            }

            counters.RowsRead++;
            var line = csv.LineNumber;
            var key = csv.GetString(invoice).Trim();
            if (key.Length == 0)
            {
                yield return ImportItem.Skipped(line, "Missing invoice number", "InvoiceNo is empty.");
                continue;
            }

            var problem = ParseRow(csv, code, description, quantity, price, out var orderLine);
            var order = groups.Find(key);
            if (problem is null && order is null)
            {
                if (key.Length > ImportParsing.MaxNumberLength)
                {
                    problem = ("Invoice number too long", $"InvoiceNo '{ImportParsing.Truncate(key, 60)}…' has more than {ImportParsing.MaxNumberLength} characters.");
                }
                else if (!ImportParsing.TryDate(csv.GetString(date), out var orderedAt))
                {
                    problem = ("Unparsable date", $"InvoiceDate '{csv.GetString(date)}' is not a date (yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm).");
                }
                else
                {
                    order = new ImportedOrder
                    {
                        ExternalId = $"online-retail:{key}",
                        OrderNumber = key,
                        CustomerExternalId = ImportParsing.CustomerId(csv.GetString(customer)),
                        Country = Trimmed.OrNull(csv.GetString(country)),
                        OrderedAtUtc = orderedAt,
                        Kind = key.StartsWith('C') || key.StartsWith('c') ? OrderKind.Cancellation : OrderKind.Sale,
                        Channel = SalesChannel.WebShop,
                        FirstLine = line,
                    };
                    groups.Start(key, order);
                }
            }

            if (problem is { } p)
            {
                yield return ImportItem.Skipped(line, p.Reason, p.Detail);
            }
            else
            {
                order!.Lines.Add(orderLine!);
                order.Rows++;
            }

            if (groups.RowDone(key, out var completed) && completed is { Lines.Count: > 0 })
            {
                yield return ImportItem.Of(completed);
            }
        }
    }

    private static (string Reason, string Detail)? ParseRow(CsvReader csv, int code, int description, int quantity, int price, out ImportedLine? line)
    {
        line = null;
        var stockCode = csv.GetString(code).Trim();
        if (stockCode.Length == 0)
        {
            return ("Missing product code", "StockCode is empty.");
        }

        if (stockCode.Length > ImportParsing.MaxCodeLength)
        {
            return ("Product code too long", $"StockCode has more than {ImportParsing.MaxCodeLength} characters.");
        }

        if (!ImportParsing.TryDecimal(csv.GetString(quantity), out var qty))
        {
            return ("Unparsable quantity", $"Quantity '{csv.GetString(quantity)}' is not a number.");
        }

        if (!ImportParsing.TryDecimal(csv.GetString(price), out var unitPrice))
        {
            return ("Unparsable price", $"UnitPrice '{csv.GetString(price)}' is not a number.");
        }

        var name = csv.GetString(description).Trim();
        line = new ImportedLine(stockCode, ImportParsing.Truncate(name.Length == 0 ? stockCode : name, ImportParsing.MaxNameLength), qty, unitPrice);
        return null;
    }
}

/// <summary>
/// Generic order CSV: order_id, customer_id, order_date, product_code, product_name, quantity, unit_price and optional
/// unit_cost and channel, by header name in any order; one order per order_id (rows need not be adjacent). A row with a
/// problem is reported with its line number and left out; the order keeps its good rows.
/// </summary>
internal sealed class OrderCsvReader : IOrderFileReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(ImportFile file, ImportCounters counters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await OrderGroups.CountAsync(file, "order_id", counters, cancellationToken);
        await using var csv = CsvFormat.Open(file, trackLines: true);
        Columns? c = null;
        while (await csv.ReadAsync(cancellationToken))
        {
            c ??= new Columns(csv);
            counters.RowsRead++;
            var line = csv.LineNumber;
            var key = csv.GetString(c.OrderId).Trim();
            if (key.Length == 0)
            {
                yield return ImportItem.Skipped(line, "Missing order id", "order_id is empty.");
                continue;
            }

            var order = groups.Find(key);
            var problem = ParseRow(csv, c, out var orderLine);
            var customer = ImportParsing.CustomerId(csv.GetString(c.CustomerId));
            if (problem is null && order is null)
            {
                if (key.Length > ImportParsing.MaxNumberLength)
                {
                    problem = ("Order id too long", $"order_id has more than {ImportParsing.MaxNumberLength} characters.");
                }
                else if (!ImportParsing.TryDate(csv.GetString(c.OrderDate), out var orderedAt))
                {
                    problem = ("Unparsable date", $"order_date '{csv.GetString(c.OrderDate)}' is not a date (for example 2024-03-01 or 2024-03-01 14:30:00).");
                }
                else if (!TryChannel(csv, c, out var channel))
                {
                    problem = ("Unknown channel", $"channel '{csv.GetString(c.Channel)}' is none of {string.Join(", ", Enum.GetNames<SalesChannel>())}.");
                }
                else
                {
                    order = new ImportedOrder
                    {
                        ExternalId = $"csv:{key}",
                        OrderNumber = key,
                        CustomerExternalId = customer,
                        OrderedAtUtc = orderedAt,
                        Kind = OrderKind.Sale,
                        Channel = channel,
                        FirstLine = line,
                    };
                    groups.Start(key, order);
                }
            }
            else if (problem is null && !string.Equals(order!.CustomerExternalId, customer, StringComparison.Ordinal))
            {
                problem = ("Customer differs within the order",
                    $"customer_id '{customer}' differs from '{order.CustomerExternalId}' on line {order.FirstLine} of order {key}.");
            }

            if (problem is { } p)
            {
                yield return ImportItem.Skipped(line, p.Reason, p.Detail);
            }
            else
            {
                order!.Lines.Add(orderLine!);
                order.Rows++;
            }

            if (groups.RowDone(key, out var completed) && completed is { Lines.Count: > 0 })
            {
                // A document whose every line takes goods back is a return; anything else is a sale.
                completed.Kind = completed.Lines.All(l => l.Quantity < 0) ? OrderKind.Return : OrderKind.Sale;
                yield return ImportItem.Of(completed);
            }
        }
    }

    private static bool TryChannel(CsvReader csv, Columns c, out SalesChannel channel)
    {
        channel = SalesChannel.Other;
        if (c.Channel < 0 || csv.GetString(c.Channel).Trim().Length == 0)
        {
            return true;
        }

        var text = csv.GetString(c.Channel).Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse(text, ignoreCase: true, out channel) && Enum.IsDefined(channel) && !int.TryParse(text, out _);
    }

    private static (string Reason, string Detail)? ParseRow(CsvReader csv, Columns c, out ImportedLine? line)
    {
        line = null;
        var code = csv.GetString(c.ProductCode).Trim();
        if (code.Length == 0)
        {
            return ("Missing product code", "product_code is empty.");
        }

        if (code.Length > ImportParsing.MaxCodeLength)
        {
            return ("Product code too long", $"product_code has more than {ImportParsing.MaxCodeLength} characters.");
        }

        if (!ImportParsing.TryDecimal(csv.GetString(c.Quantity), out var quantity))
        {
            return ("Unparsable quantity", $"quantity '{csv.GetString(c.Quantity)}' is not a number.");
        }

        if (!ImportParsing.TryDecimal(csv.GetString(c.UnitPrice), out var price))
        {
            return ("Unparsable price", $"unit_price '{csv.GetString(c.UnitPrice)}' is not a number.");
        }

        decimal? cost = null;
        if (c.UnitCost >= 0 && csv.GetString(c.UnitCost).Trim().Length > 0)
        {
            if (!ImportParsing.TryDecimal(csv.GetString(c.UnitCost), out var parsed) || parsed < 0)
            {
                return ("Unparsable unit cost", $"unit_cost '{csv.GetString(c.UnitCost)}' is not a number of zero or more.");
            }

            cost = parsed;
        }

        var name = csv.GetString(c.ProductName).Trim();
        line = new ImportedLine(code, ImportParsing.Truncate(name.Length == 0 ? code : name, ImportParsing.MaxNameLength), quantity, price, 0, cost);
        return null;
    }

    private sealed class Columns(CsvReader csv)
    {
        public int OrderId { get; } = CsvFormat.Column(csv, "order_id");
        public int CustomerId { get; } = CsvFormat.Column(csv, "customer_id");
        public int OrderDate { get; } = CsvFormat.Column(csv, "order_date");
        public int ProductCode { get; } = CsvFormat.Column(csv, "product_code");
        public int ProductName { get; } = CsvFormat.Column(csv, "product_name");
        public int Quantity { get; } = CsvFormat.Column(csv, "quantity");
        public int UnitPrice { get; } = CsvFormat.Column(csv, "unit_price");
        public int UnitCost { get; } = CsvFormat.TryColumn(csv, "unit_cost");
        public int Channel { get; } = CsvFormat.TryColumn(csv, "channel");
    }
}
