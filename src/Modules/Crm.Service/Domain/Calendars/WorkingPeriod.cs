using System.Globalization;

namespace Crm.Service.Domain.Calendars;

/// <summary>
/// One stretch of working time on a weekday, in the calendar's local wall-clock time: minutes since local midnight,
/// <see cref="StartMinute"/> inclusive, <see cref="EndMinute"/> exclusive, 1440 meaning midnight at the end of the day.
/// Minutes rather than <see cref="TimeOnly"/> because a period may end at 24:00, which TimeOnly cannot hold.
/// </summary>
internal sealed record WorkingPeriod(DayOfWeek Day, int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>A period from wall-clock texts such as "09:00" and "17:30" ("24:00" ends at midnight).</summary>
    public static WorkingPeriod Of(DayOfWeek day, string start, string end) => new(day, ParseMinute(start), ParseMinute(end));

    public TimeSpan Length => TimeSpan.FromMinutes(EndMinute - StartMinute);

    public override string ToString() =>
        $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(Day)} {FormatMinute(StartMinute)}-{FormatMinute(EndMinute)}";

    public static string FormatMinute(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    private static int ParseMinute(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || hours * 60 + minutes > MinutesPerDay)
        {
            throw new FormatException($"'{text}' is not a time of day between 00:00 and 24:00 (HH:mm).");
        }

        return hours * 60 + minutes;
    }
}
