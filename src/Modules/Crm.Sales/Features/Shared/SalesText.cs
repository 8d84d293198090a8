using System.Globalization;
using System.Text;

namespace Crm.Sales.Features.Shared;

/// <summary>Text helpers of the Sales module: search keys (as Contacts builds them for names) and spreadsheet-safe cells.</summary>
internal static class SalesText
{
    /// <summary>Upper case, without accents, single spaces: the key product search and name sorting use.</summary>
    public static string SearchKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
            lastWasSpace = false;
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Defuses spreadsheet formula injection: a cell that starts with =, +, -, @, tab or carriage return would be run as a
    /// formula by Excel or LibreOffice, so it is written with a leading apostrophe, which spreadsheets show as plain text.
    /// </summary>
    public static string SpreadsheetCell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";
}
