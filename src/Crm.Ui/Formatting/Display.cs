using System.Globalization;

namespace Crm.Ui.Formatting;

/// <summary>
/// How pages show amounts, counts and dates: amounts and counts in the reader's culture, dates in the sortable ISO form
/// (yyyy-MM-dd) whatever the culture, timestamps converted from UTC to the server's local time. Not for stored or hashed
/// text (order content hashes, CSV exports): those use the invariant culture on purpose.
/// </summary>
public static class Display
{
    /// <summary>What a page shows for a figure that is not known.</summary>
    public const string Missing = "—";

    private const string DateFormat = "yyyy-MM-dd";
    private const string DateTimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>An amount with cents and group separators (1,234.50).</summary>
    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>An amount with cents, or <paramref name="missing"/> when it is not known.</summary>
    public static string Money(decimal? amount, string missing = Missing) => amount is { } a ? Money(a) : missing;

    /// <summary>A model's amount (a double, such as a lifetime value) with cents.</summary>
    public static string Money(double amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>A model's amount with cents, or <paramref name="missing"/> when it is not known.</summary>
    public static string Money(double? amount, string missing = Missing) => amount is { } a ? Money(a) : missing;

    /// <summary>An amount rounded to whole units for dashboards and totals (1,235).</summary>
    public static string WholeMoney(decimal amount) => amount.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A model's amount (a double) rounded to whole units.</summary>
    public static string WholeMoney(double amount) => amount.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A count with group separators (12,345).</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A quantity rounded to whole units (12,345 units).</summary>
    public static string Count(decimal quantity) => quantity.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A calendar date (2026-03-31).</summary>
    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A calendar date, or <paramref name="missing"/> when there is none.</summary>
    public static string Date(DateOnly? date, string missing = Missing) => date is { } d ? Date(d) : missing;

    /// <summary>The local calendar date of a UTC timestamp.</summary>
    public static string LocalDate(DateTime utc) => utc.ToLocalTime().ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The local calendar date of a UTC timestamp, or <paramref name="missing"/> when there is none.</summary>
    public static string LocalDate(DateTime? utc, string missing = Missing) => utc is { } u ? LocalDate(u) : missing;

    /// <summary>The local date and time (to the minute) of a UTC timestamp (2026-03-31 14:05).</summary>
    public static string LocalDateTime(DateTime utc) => utc.ToLocalTime().ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The local date and time of a UTC timestamp, or <paramref name="missing"/> when there is none.</summary>
    public static string LocalDateTime(DateTime? utc, string missing = Missing) => utc is { } u ? LocalDateTime(u) : missing;
}
