namespace Crm.Kernel.Text;

/// <summary>How optional text from a form, a file or a request is stored: trimmed, and null when nothing is left.</summary>
public static class Trimmed
{
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
