using System.IO.Compression;
using System.Text;

namespace Crm.Testing.Data;

/// <summary>The ways a file can attack or break an order import (issue 16), made for any format.</summary>
public enum ImportBomb
{
    /// <summary>A gzip of text lines of the format that decompress to more than the import's bound (256 MiB by default).</summary>
    TextBomb,

    /// <summary>The issue's bomb: a gzip of zeros (here 64 MiB of them, streamed), which is binary once decompressed.</summary>
    ZeroBomb,

    /// <summary>A real file of the format, gzipped, cut in the middle.</summary>
    TruncatedGzip,

    /// <summary>A real file of the format, gzipped, with a run of bytes in the middle overwritten.</summary>
    CorruptGzip,

    /// <summary>1 MiB of random bytes.</summary>
    BinaryGarbage,

    /// <summary>A valid start, then one line of 100,000 characters.</summary>
    OverlongLine,
}

/// <summary>
/// Writes the files of <see cref="ImportBomb"/> for a format (by its command-line name), streamed so that neither memory nor
/// disk holds the decompressed size. The file names let the import page guess the format.
/// </summary>
internal static class ImportBombs
{
    /// <summary>What the import reports for each bomb (a part of its one-line message).</summary>
    public static string MessageOf(ImportBomb bomb) => bomb switch
    {
        ImportBomb.TextBomb => "bytes once decompressed (Import:MaxDecompressedBytes)",
        ImportBomb.ZeroBomb => "The file is not text: byte 0x00 at offset 0 of the decompressed content",
        ImportBomb.TruncatedGzip => "The gzip file is truncated or corrupt",
        ImportBomb.CorruptGzip => "The gzip file is / The file is not",
        ImportBomb.BinaryGarbage => "The file is not",
        _ => "A line of the file is longer than 16,384 bytes (Import:MaxLineBytes)",
    };

    /// <summary>
    /// Whether <paramref name="message"/> is the bomb's. Overwritten compressed bytes fail the inflater, the checksum, or
    /// inflate to bytes that are not text, depending on where they land: any of the three is the right answer.
    /// </summary>
    public static bool Matches(ImportBomb bomb, string message) => bomb == ImportBomb.CorruptGzip
        ? message.Contains("The gzip file is", StringComparison.Ordinal) || message.Contains("The file is not", StringComparison.Ordinal)
        : message.Contains(MessageOf(bomb), StringComparison.Ordinal);

    /// <summary>The import's default bound on decompressed bytes (<c>Import:MaxDecompressedBytes</c>).</summary>
    public static readonly long DefaultBound = new Crm.Sales.Contracts.OrderImportLimits().MaxDecompressedBytes;

    /// <summary>
    /// Writes the bomb's file. A text bomb decompresses to a little more than <paramref name="bound"/> (the import's bound
    /// on decompressed bytes; the default unless the test configures a smaller one, which is as good a test of the guard
    /// and reads a thirtieth of the bytes).
    /// </summary>
    public static string Write(string format, ImportBomb bomb, string folder, long? bound = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{NameOf(format)}-{bomb}-{Guid.NewGuid():N}{(bomb is ImportBomb.TextBomb or ImportBomb.ZeroBomb or ImportBomb.TruncatedGzip or ImportBomb.CorruptGzip ? ".gz" : "")}");
        switch (bomb)
        {
            case ImportBomb.TextBomb:
                Gzip(path, output =>
                {
                    Write(output, Header(format));
                    var row = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Row(format), 1_000)));
                    var size = (bound ?? DefaultBound) + (4L * 1024 * 1024);
                    for (long written = 0; written <= size; written += row.Length)
                    {
                        output.Write(row);
                    }
                });
                break;
            case ImportBomb.ZeroBomb:
                Gzip(path, output =>
                {
                    var zeros = new byte[1024 * 1024];
                    for (var i = 0; i < 64; i++)
                    {
                        output.Write(zeros);
                    }
                });
                break;
            case ImportBomb.TruncatedGzip or ImportBomb.CorruptGzip:
                var whole = new MemoryStream();
                using (var gzip = new GZipStream(whole, CompressionLevel.Optimal, leaveOpen: true))
                {
                    Write(gzip, Header(format));
                    for (var i = 0; i < 20_000; i++)
                    {
                        Write(gzip, Row(format, i));
                    }
                }

                var bytes = whole.ToArray();
                if (bomb == ImportBomb.TruncatedGzip)
                {
                    bytes = bytes[..(bytes.Length / 2)];
                }
                else
                {
                    bytes.AsSpan(bytes.Length / 2, 64).Fill(0x5a);
                }

                File.WriteAllBytes(path, bytes);
                break;
            case ImportBomb.BinaryGarbage:
                File.WriteAllBytes(path, RandomBytes(1024 * 1024));
                break;
            default:
                using (var output = File.Create(path))
                {
                    Write(output, Header(format) + Row(format, 1) + new string('x', 100_000) + "\n" + Row(format, 2));
                }

                break;
        }

        return path;
    }

    /// <summary>A small valid file of the format (three rows of the kind the bombs repeat), to show an import still works.</summary>
    public static string WriteValid(string format, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{NameOf(format)}-valid-{Guid.NewGuid():N}");
        File.WriteAllText(path, Header(format) + Row(format, 1) + Row(format, 2) + Row(format, 3));
        return path;
    }

    /// <summary>A name the import page recognises for the format (an order CSV keeps the page's default).</summary>
    private static string NameOf(string format) => format switch
    {
        "online-retail" => "online_retail",
        "cdnow-sample" => "cdnow_sample",
        "cdnow" => "cdnow_master",
        "baskets" => "groceries",
        _ => "orders",
    };

    private static string Header(string format) => format switch
    {
        "online-retail" => "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
        "cdnow" => "customer_id date cds dollars\n",
        "csv" => "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price\n",
        _ => "",
    };

    private static string Row(string format, int n = 0) => format switch
    {
        "online-retail" => $"5{n:D5},85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,1{n % 500:D4},United Kingdom\n",
        "cdnow" => $"{n % 500:D5} 19970101 2 29.33\n",
        "cdnow-sample" => $"{n:D5} {n % 500:D5} 19970101 2 29.33\n",
        "baskets" => $"whole milk,rolls/buns,item {n % 50}\n",
        _ => $"O{n},C{n % 500},2024-03-01,P{n % 20},Teapot,1,9.50\n",
    };

    private static void Gzip(string path, Action<Stream> write)
    {
        using var output = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        write(output);
    }

    private static void Write(Stream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(16).NextBytes(bytes);
        return bytes;
    }
}
