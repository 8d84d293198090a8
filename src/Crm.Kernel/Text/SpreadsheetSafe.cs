namespace Crm.Kernel.Text;

/// <summary>
/// Defuses spreadsheet formula injection in every export: a cell that starts with =, +, -, @, tab or carriage return would
/// be run as a formula by Excel or LibreOffice, so it is written with a leading apostrophe, which spreadsheets show as text.
/// </summary>
public static class SpreadsheetSafe
{
    public static string? Cell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
