using System.IO.Compression;

namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// Reads basket files: one basket (transaction) per line.
/// <list type="bullet">
/// <item>If any line of the file contains a comma, the whole file is comma-separated: items are split at commas only,
/// so item names may contain spaces (<c>whole milk,rolls/buns</c>); surrounding white space is trimmed and empty fields
/// are ignored. A one-item line then simply has no comma. There is no quoting.</item>
/// <item>Otherwise items are separated by runs of white space (spaces, tabs), as in the FIMI files (<c>retail.dat</c>).</item>
/// <item>Lines without any item (blank lines, the end of a file that ends with a newline) are not baskets and are skipped.</item>
/// <item>An item repeated within one line is kept once.</item>
/// <item>The file may be plain text or gzip-compressed; gzip is recognised by its magic bytes (1F 8B), whatever the file name.</item>
/// </list>
/// Item ids are given in order of first appearance; names are compared ordinally.
/// </summary>
internal static class BasketFileParser
{
    /// <summary>Parses the basket file at <paramref name="path"/> (plain or gzip).</summary>
    public static TransactionSet ParseFile(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Parse(stream, cancellationToken);
    }

    /// <summary>
    /// Parses a basket stream. A seekable stream is checked for the gzip magic bytes and decompressed if it has them;
    /// a non-seekable stream is read as plain text (wrap it in a <see cref="GZipStream"/> yourself).
    /// The stream is not disposed.
    /// </summary>
    public static TransactionSet Parse(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var gzip = false;
        if (stream.CanSeek)
        {
            var start = stream.Position;
            Span<byte> magic = stackalloc byte[2];
            var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            gzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            stream.Position = start;
        }

        if (gzip)
        {
            using var unzipped = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new StreamReader(unzipped, leaveOpen: true);
            return Parse(reader, cancellationToken);
        }

        using (var reader = new StreamReader(stream, leaveOpen: true))
        {
            return Parse(reader, cancellationToken);
        }
    }

    /// <summary>Parses basket lines from a text reader (not disposed).</summary>
    public static TransactionSet Parse(TextReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);

        // The separator depends on the whole file, so the lines are read first.
        var lines = new List<string>();
        var commaSeparated = false;
        while (reader.ReadLine() is { } line)
        {
            if ((lines.Count & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            commaSeparated |= line.Contains(',', StringComparison.Ordinal);
            lines.Add(line);
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var names = new List<string>();
        var lastBasketOfItem = new List<int>();
        var offsets = new List<int>(lines.Count + 1) { 0 };
        var items = new List<int>(lines.Count * 4);

        for (var l = 0; l < lines.Count; l++)
        {
            if ((l & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var basket = offsets.Count - 1;
            var rest = lines[l].AsSpan();
            while (!rest.IsEmpty)
            {
                ReadOnlySpan<char> token;
                if (commaSeparated)
                {
                    var comma = rest.IndexOf(',');
                    token = (comma < 0 ? rest : rest[..comma]).Trim();
                    rest = comma < 0 ? [] : rest[(comma + 1)..];
                }
                else
                {
                    rest = rest.TrimStart();
                    var end = 0;
                    while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                    {
                        end++;
                    }

                    token = rest[..end];
                    rest = rest[end..];
                }

                if (token.IsEmpty)
                {
                    continue;
                }

                if (!lookup.TryGetValue(token, out var id))
                {
                    var name = token.ToString();
                    id = names.Count;
                    ids.Add(name, id);
                    names.Add(name);
                    lastBasketOfItem.Add(-1);
                }

                if (lastBasketOfItem[id] != basket)
                {
                    lastBasketOfItem[id] = basket;
                    items.Add(id);
                }
            }

            if (items.Count > offsets[^1])
            {
                offsets.Add(items.Count);
            }
        }

        return new TransactionSet([.. offsets], [.. items], names);
    }
}
