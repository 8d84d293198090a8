using FluentValidation;

namespace Crm.Kernel.Text;

/// <summary>
/// Control characters (U+0000-U+001F, U+007F-U+009F: NUL, escape sequences, line breaks...) are never typed into a
/// name, a code or an address; they break exports, logs, terminals and other systems that read the CCR. Multi-line
/// text (notes, messages, descriptions) may hold tabs and line breaks, nothing else of them.
/// </summary>
public static class ControlCharacters
{
    public static bool In(string? text, bool allowLineBreaks = false)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A single-line text: no control character at all (not even a tab or line break).</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => !In(text))
            .WithMessage("'{PropertyName}' contains a control character (such as a NUL byte, a tab or a line break): remove it.");

    /// <summary>A multi-line text: tabs and line breaks are fine, other control characters are not.</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharactersButLineBreaks<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => !In(text, allowLineBreaks: true))
            .WithMessage("'{PropertyName}' contains a control character (such as a NUL byte): only tabs and line breaks are allowed.");
}
