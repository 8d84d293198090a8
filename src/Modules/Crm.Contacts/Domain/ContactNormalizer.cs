using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace Crm.Contacts.Domain;

/// <summary>One spelling for each email, phone and name, so that searches and duplicate checks find them in any format.</summary>
internal static class ContactNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// E.164 (for example +14155550123) for a valid number written in any common format: with or without spaces,
    /// dashes, dots or brackets, with a leading + or 00, or national format in <paramref name="defaultRegion"/>.
    /// </summary>
    public static bool TryNormalizePhone(string? input, string defaultRegion, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var text = input.Trim();
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        try
        {
            var number = Phones.Parse(text, defaultRegion);
            if (!Phones.IsValidNumber(number))
            {
                return false;
            }

            e164 = Phones.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>A readable international form for display, for example +1 415-555-0123.</summary>
    public static string FormatPhone(string e164)
    {
        try
        {
            return Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Upper case, without accents, single spaces: the key name search and name sorting use.</summary>
    public static string SearchKey(string? text) => Crm.Kernel.Text.SearchText.Key(text);

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/> (for index range scans).</summary>
    public static string PrefixUpperBound(string prefix) => prefix + '\uffff';
}
