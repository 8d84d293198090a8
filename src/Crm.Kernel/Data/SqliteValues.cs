using System.Data.Common;
using System.Globalization;

namespace Crm.Kernel.Data;

/// <summary>How the kernel's SQLite conventions store values, read back without EF's materializer.</summary>
internal static class SqliteValues
{
    /// <summary>decimal(18,4) stored as a 64-bit count of 1/10,000ths: the OLE currency representation.</summary>
    public static decimal Money(DbDataReader reader, int ordinal) => decimal.FromOACurrency(reader.GetInt64(ordinal));

    /// <summary>EF's SQLite DateTime text, "yyyy-MM-dd HH:mm:ss" with an optional fraction of up to 7 digits, as UTC.</summary>
    public static DateTime UtcDateTime(DbDataReader reader, int ordinal) => ParseUtc(reader.GetString(ordinal));

    public static DateTime ParseUtc(string text)
    {
        if (text.Length >= 19 && text[4] == '-' && text[7] == '-' && (text[10] == ' ' || text[10] == 'T') && text[13] == ':' && text[16] == ':'
            && (text.Length == 19 || (text[19] == '.' && text.Length <= 27)))
        {
            var ticks = 0L;
            var ok = true;
            for (var i = 20; i < 27; i++)
            {
                var digit = i < text.Length ? text[i] - '0' : 0;
                ok &= (uint)digit <= 9;
                ticks = (ticks * 10) + digit;
            }

            if (ok && TryNumber(text, 0, 4, out var year) && TryNumber(text, 5, 2, out var month) && TryNumber(text, 8, 2, out var day)
                && TryNumber(text, 11, 2, out var hour) && TryNumber(text, 14, 2, out var minute) && TryNumber(text, 17, 2, out var second))
            {
                return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
            }
        }

        return DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
    }

    private static bool TryNumber(string text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
