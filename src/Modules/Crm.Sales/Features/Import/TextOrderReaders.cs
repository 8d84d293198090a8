using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Crm.Sales.Contracts;

namespace Crm.Sales.Features.Import;

/// <summary>
/// The CDNOW purchase logs: the master (<c>customer_id yyyymmdd cds dollars</c> after a header line) and the sample
/// (<c>master_id sample_id yyyymmdd cds dollars</c>, no header; the customer is the sample id). Each line is one sale with
/// one "CD" line whose amount is exactly the file's dollars: unit price = dollars / cds rounded to 4 places, and the
/// rounding difference goes into the line discount. A line with 0 CDs keeps quantity 0 and price 0 with the dollars as
/// a negative discount, so the amount still equals the dollars but the order is no purchase (no line of positive quantity).
/// </summary>
internal sealed class CdnowReader(bool sample) : IOrderFileReader
{
    public const string ProductCode = "CD";
    public const string ProductName = "CD";

    private readonly string source = sample ? "cdnow-sample" : "cdnow";

    public async IAsyncEnumerable<ImportItem> ReadAsync(ImportFile file, ImportCounters counters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        counters.TotalRows = await CountDataLinesAsync(file, cancellationToken);
        var perCustomerDay = new Dictionary<(string Customer, string Day), int>();
        using var reader = file.OpenText();
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || (lineNumber == 1 && IsHeader(fields)))
            {
                continue;
            }

            counters.RowsRead++;
            var expected = sample ? 5 : 4;
            if (fields.Length != expected)
            {
                yield return ImportItem.Skipped(lineNumber, "Wrong number of fields",
                    $"Expected {expected} whitespace-separated fields ({(sample ? "master_id sample_id yyyymmdd cds dollars" : "customer_id yyyymmdd cds dollars")}), found {fields.Length}.");
                continue;
            }

            var (customer, day, cdsText, dollarsText) = sample ? (fields[1], fields[2], fields[3], fields[4]) : (fields[0], fields[1], fields[2], fields[3]);
            if (!DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                yield return ImportItem.Skipped(lineNumber, "Unparsable date", $"'{day}' is not a date in the form yyyymmdd.");
                continue;
            }

            if (!int.TryParse(cdsText, NumberStyles.None, CultureInfo.InvariantCulture, out var cds))
            {
                yield return ImportItem.Skipped(lineNumber, "Unparsable quantity", $"Number of CDs '{cdsText}' is not a whole number of zero or more.");
                continue;
            }

            if (!ImportParsing.TryDecimal(dollarsText, out var dollars))
            {
                yield return ImportItem.Skipped(lineNumber, "Unparsable price", $"Dollar value '{dollarsText}' is not a number.");
                continue;
            }

            if (customer.Length > ImportParsing.MaxNumberLength - 12)
            {
                yield return ImportItem.Skipped(lineNumber, "Customer id too long", $"Customer id has more than {ImportParsing.MaxNumberLength - 12} characters.");
                continue;
            }

            var n = perCustomerDay[(customer, day)] = perCustomerDay.GetValueOrDefault((customer, day)) + 1;
            var unitPrice = cds == 0 ? 0 : decimal.Round(dollars / cds, 4, MidpointRounding.AwayFromZero);
            var order = new ImportedOrder
            {
                ExternalId = $"{source}:{customer}:{day}:{n}",
                OrderNumber = $"{customer}-{day}-{n}",
                CustomerExternalId = customer,
                OrderedAtUtc = date,
                Kind = OrderKind.Sale,
                Channel = SalesChannel.WebShop,
                FirstLine = lineNumber,
                Rows = 1,
            };
            order.Lines.Add(new ImportedLine(ProductCode, ProductName, cds, unitPrice, (cds * unitPrice) - dollars));
            yield return ImportItem.Of(order);
        }
    }

    private static bool IsHeader(string[] fields) => !fields[0].All(char.IsAsciiDigit);

    private static async Task<long> CountDataLinesAsync(ImportFile file, CancellationToken cancellationToken)
    {
        using var reader = file.OpenText();
        long count = 0, lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && !(lineNumber == 1 && IsHeader(fields)))
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>
/// One anonymous basket per line (point-of-sale data for association analysis). When any line of the file has a comma the
/// items are comma-separated (names may contain spaces; a one-item line has no comma), otherwise whitespace-separated (FIMI
/// retail.dat). Each basket is one store sale without a customer, with one line per distinct item (quantity 1, price 0).
/// Baskets carry no date: they are dated at the import. Order ids use the content's SHA-256, so the same file (plain or
/// gzipped) always gives the same ids.
/// </summary>
internal sealed class BasketsReader(DateTime importedAtUtc) : IOrderFileReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(ImportFile file, ImportCounters counters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (hash, lines, commaSeparated) = await ScanAsync(file, cancellationToken);
        counters.TotalRows = lines;
        var fileId = hash[..16];
        using var reader = file.OpenText();
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            counters.RowsRead++;
            var items = (commaSeparated
                    ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (items.Count == 0)
            {
                yield return ImportItem.Skipped(lineNumber, "Empty basket", "The line has no items.");
                continue;
            }

            if (items.FirstOrDefault(i => i.Length > ImportParsing.MaxCodeLength) is { } tooLong)
            {
                yield return ImportItem.Skipped(lineNumber, "Item name too long",
                    $"Item '{ImportParsing.Truncate(tooLong, 60)}…' has more than {ImportParsing.MaxCodeLength} characters.");
                continue;
            }

            var order = new ImportedOrder
            {
                ExternalId = $"baskets:{fileId}:{lineNumber}",
                OrderNumber = $"B-{fileId[..6]}-{lineNumber}",
                OrderedAtUtc = importedAtUtc,
                DatedBySource = false,
                Kind = OrderKind.Sale,
                Channel = SalesChannel.Store,
                FirstLine = lineNumber,
                Rows = 1,
            };
            order.Lines.AddRange(items.Select(item => new ImportedLine(item, item, 1, 0)));
            yield return ImportItem.Of(order);
        }
    }

    /// <summary>One pass over the bytes: content hash, number of lines, whether any line has a comma.</summary>
    private static async Task<(string Hash, long Lines, bool Comma)> ScanAsync(ImportFile file, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = file.Open();
        var buffer = new byte[ImportFile.BufferSize];
        long newlines = 0, total = 0;
        var comma = false;
        byte last = (byte)'\n';
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            sha.AppendData(chunk);
            newlines += chunk.Count((byte)'\n');
            comma = comma || chunk.Contains((byte)',');
            last = chunk[^1];
            total += read;
        }

        var lines = newlines + (total > 0 && last != (byte)'\n' ? 1 : 0);
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), lines, comma);
    }
}
