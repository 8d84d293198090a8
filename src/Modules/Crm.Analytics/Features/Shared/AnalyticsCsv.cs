using System.Globalization;
using System.Text;
using Crm.Kernel.Text;

namespace Crm.Analytics.Features.Shared;

/// <summary>
/// Writes dashboard lists as CSV (RFC 4180 quoting, UTF-8 with a byte-order mark so spreadsheets read accents): every text
/// cell goes through <see cref="SpreadsheetSafe.Cell"/>, so nothing a customer typed runs as a formula; numbers are
/// written in the invariant culture.
/// </summary>
internal sealed class AnalyticsCsv : IAsyncDisposable
{
    private readonly StreamWriter writer;
    private readonly StringBuilder line = new();

    public AnalyticsCsv(Stream output)
    {
        writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
    }

    /// <summary>A text cell: defused against formulas, then quoted when needed.</summary>
    public static string Text(string? value) => Quote(SpreadsheetSafe.Cell(value) ?? "");

    public static string Number(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value is { } v ? Number(v) : "";

    public static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes one record of already formatted cells (from <see cref="Text"/>, <see cref="Number(decimal)"/>, <see cref="Id"/>).</summary>
    public async Task WriteAsync(IReadOnlyList<string> cells, CancellationToken cancellationToken)
    {
        line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(cells[i]);
        }

        await writer.WriteLineAsync(line, cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await writer.DisposeAsync();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
