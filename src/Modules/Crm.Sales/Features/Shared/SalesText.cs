namespace Crm.Sales.Features.Shared;

/// <summary>Text helpers of the Sales module: search keys (as Contacts builds them for names) and spreadsheet-safe cells.</summary>
internal static class SalesText
{
    /// <summary>Upper case, without accents, single spaces: the key product search and name sorting use.</summary>
    public static string SearchKey(string? text) => Crm.Kernel.Text.SearchText.Key(text);

    /// <summary>A formula-safe spreadsheet cell (see <see cref="Crm.Kernel.Text.SpreadsheetSafe"/>), never null.</summary>
    public static string SpreadsheetCell(string? value) => Crm.Kernel.Text.SpreadsheetSafe.Cell(value) ?? "";
}
