using System.Globalization;
using System.Text;
using Crm.Kernel.Text;

using Crm.Analytics.Features.Shared;

namespace Crm.Analytics.Features.Associations;

/// <summary>Writes rules as CSV (UTF-8 with a byte-order mark), every text cell passed through <see cref="SpreadsheetSafe"/>.</summary>
internal static class AssociationRuleCsv
{
    public static readonly string[] Columns =
        ["antecedent_codes", "antecedent_names", "consequent_code", "consequent_name", "support", "support_baskets", "confidence", "lift"];

    public static async Task WriteAsync(IAsyncEnumerable<IReadOnlyList<AssociationRuleRow>> chunks, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync((string.Join(',', Columns) + "\r\n").AsMemory(), cancellationToken);
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            var text = new StringBuilder();
            foreach (var rule in chunk)
            {
                text.AppendJoin(',',
                [
                    Text(string.Join(" + ", rule.Antecedent.Select(p => p.Code))),
                    Text(string.Join(" + ", rule.Antecedent.Select(p => p.Name ?? p.Code))),
                    Text(rule.Consequent.Code),
                    Text(rule.Consequent.Name ?? ""),
                    Number(rule.Support),
                    rule.SupportCount.ToString(CultureInfo.InvariantCulture),
                    Number(rule.Confidence),
                    Number(rule.Lift),
                ]).Append("\r\n");
            }

            await writer.WriteAsync(text, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A formula-safe text cell, quoted when it holds a comma, a quote or a line break.</summary>
    internal static string Text(string value) => AnalyticsCsv.Text(value);
}
