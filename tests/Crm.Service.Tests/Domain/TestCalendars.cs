using System.Globalization;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Tests.Domain;

/// <summary>The calendars of the tests and a UTC parser, so expected instants are written by hand as UTC text.</summary>
internal static class TestCalendars
{
    public const string Berlin = "Europe/Berlin";

    public static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Mon-Fri 09:00-17:00 Europe/Berlin: 480 business minutes a day.</summary>
    public static BusinessCalendar BerlinOffice(params Holiday[] holidays) =>
        BusinessCalendar.Create("Berlin office", Berlin, Weekdays.Select(d => WorkingPeriod.Of(d, "09:00", "17:00")), holidays);

    /// <summary>Mon-Fri 09:00-12:00 and 13:30-17:30 Europe/Berlin: 420 business minutes a day around a lunch break.</summary>
    public static BusinessCalendar BerlinWithLunch(params Holiday[] holidays) =>
        BusinessCalendar.Create("Berlin with lunch", Berlin,
            Weekdays.SelectMany(d => new[] { WorkingPeriod.Of(d, "09:00", "12:00"), WorkingPeriod.Of(d, "13:30", "17:30") }),
            holidays);

    /// <summary>Only Sunday 01:00-04:00 Europe/Berlin: both daylight-saving changes fall inside its one period.</summary>
    public static BusinessCalendar SundayNight() =>
        BusinessCalendar.Create("Sunday night", Berlin, [WorkingPeriod.Of(DayOfWeek.Sunday, "01:00", "04:00")]);

    public static DateTime Utc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
