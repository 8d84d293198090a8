using Crm.Service.Domain.Calendars;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Calendars;

/// <summary>
/// Properties of business time over many seeded random instants, half of them within days of a daylight-saving change,
/// and a brute-force oracle that checks every minute's local wall-clock time against the periods.
/// </summary>
public sealed class BusinessTimePropertyTests
{
    private const int Seed = 20261207;
    private const int Cases = 250;

    public static TheoryData<string> CalendarNames => [.. Calendars.Keys];

    private static readonly Dictionary<string, (BusinessCalendar Calendar, DateTime[] Changes)> Calendars = new()
    {
        ["Berlin with lunch and holidays"] = (BerlinWithLunch(
                new Holiday(new DateOnly(2026, 4, 3), "Good Friday"),
                new Holiday(new DateOnly(2020, 12, 25), "Christmas Day", RecursYearly: true),
                new Holiday(new DateOnly(2027, 3, 26), "A Friday before the change")),
            [Utc("2026-03-29T01:00Z"), Utc("2026-10-25T01:00Z"), Utc("2027-03-28T01:00Z"), Utc("2027-10-31T01:00Z")]),
        ["New York with Saturday"] = (BusinessCalendar.Create("New York", "America/New_York",
                [.. Weekdays.SelectMany(d => new[] { WorkingPeriod.Of(d, "08:00", "12:00"), WorkingPeriod.Of(d, "12:30", "18:00") }),
                 WorkingPeriod.Of(DayOfWeek.Saturday, "10:00", "14:00")]),
            [Utc("2026-03-08T07:00Z"), Utc("2026-11-01T06:00Z"), Utc("2027-03-14T07:00Z")]),
        ["Sunday night across the changes"] = (SundayNight(),
            [Utc("2026-03-29T01:00Z"), Utc("2026-10-25T01:00Z"), Utc("2027-03-28T01:00Z")]),
        ["Lord Howe half-hour changes"] = (BusinessCalendar.Create("Lord Howe", "Australia/Lord_Howe",
                [WorkingPeriod.Of(DayOfWeek.Sunday, "01:00", "03:00"), WorkingPeriod.Of(DayOfWeek.Monday, "09:00", "17:00")]),
            [Utc("2026-04-04T15:00Z"), Utc("2026-10-03T15:30Z")]),
        ["Around midnight"] = (BusinessCalendar.Create("Midnight", Berlin,
                [WorkingPeriod.Of(DayOfWeek.Saturday, "20:00", "24:00"), WorkingPeriod.Of(DayOfWeek.Sunday, "00:00", "24:00"), WorkingPeriod.Of(DayOfWeek.Monday, "00:00", "06:00")]),
            [Utc("2026-03-29T01:00Z"), Utc("2026-10-25T01:00Z")]),
        ["24x7"] = (BusinessCalendar.TwentyFourSeven("Always", Berlin), [Utc("2026-03-29T01:00Z")]),
    };

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Business_minutes_match_a_minute_by_minute_count_of_local_wall_clock_time(string name)
    {
        var (calendar, changes) = Calendars[name];
        var random = new Random(Seed);
        for (var i = 0; i < 60; i++)
        {
            var a = Instant(random, changes, wholeMinutes: true);
            var b = a.AddMinutes(random.Next(0, 4 * 1440));

            Assert.True(Oracle(calendar, a, b) == calendar.BusinessMinutesBetween(a, b),
                $"{name}: {a:O} to {b:O}: oracle {Oracle(calendar, a, b)}, calendar {calendar.BusinessMinutesBetween(a, b)}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Business_time_is_additive_never_negative_and_never_more_than_elapsed_time(string name)
    {
        var (calendar, changes) = Calendars[name];
        var random = new Random(Seed + 1);
        for (var i = 0; i < Cases; i++)
        {
            var a = Instant(random, changes, wholeMinutes: false);
            var b = a + Span(random, days: 20);
            var c = b + Span(random, days: 20);

            var ab = calendar.BusinessTimeBetween(a, b);
            var bc = calendar.BusinessTimeBetween(b, c);
            var ac = calendar.BusinessTimeBetween(a, c);
            Assert.True(ab + bc == ac, $"{name}: {a:O} {b:O} {c:O}: {ab} + {bc} != {ac}");
            Assert.True(ab >= TimeSpan.Zero && ab <= b - a, $"{name}: {a:O} to {b:O}: {ab}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Adding_business_time_and_measuring_it_are_inverse(string name)
    {
        var (calendar, changes) = Calendars[name];
        var random = new Random(Seed + 2);
        for (var i = 0; i < Cases; i++)
        {
            var a = Instant(random, changes, wholeMinutes: false);
            var duration = Span(random, days: 10);

            var due = calendar.AddBusinessTime(a, duration);
            Assert.True(calendar.BusinessTimeBetween(a, due) == duration, $"{name}: {a:O} + {duration} = {due:O}");

            var b = a + Span(random, days: 10);
            var reached = calendar.AddBusinessTime(a, calendar.BusinessTimeBetween(a, b));
            Assert.True(reached <= b && calendar.BusinessTimeBetween(reached, b) == TimeSpan.Zero, $"{name}: {a:O} to {b:O} reached {reached:O}");

            var minutes = random.Next(0, 5000);
            var whole = a.AddTicks(-(a.Ticks % TimeSpan.TicksPerMinute));
            Assert.Equal(minutes, calendar.BusinessMinutesBetween(whole, calendar.AddBusinessMinutes(whole, minutes)));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Adding_is_monotonic_in_the_start_and_in_the_duration(string name)
    {
        var (calendar, changes) = Calendars[name];
        var random = new Random(Seed + 3);
        for (var i = 0; i < Cases; i++)
        {
            var a1 = Instant(random, changes, wholeMinutes: false);
            var a2 = a1 + Span(random, days: 3);
            var d1 = Span(random, days: 5);
            var d2 = d1 + Span(random, days: 5);

            Assert.True(calendar.AddBusinessTime(a1, d1) <= calendar.AddBusinessTime(a1, d2), $"{name}: {a1:O} + {d1} / {d2}");
            Assert.True(calendar.AddBusinessTime(a1, d1) <= calendar.AddBusinessTime(a2, d1), $"{name}: {a1:O} / {a2:O} + {d1}");
            Assert.True(calendar.AddBusinessTime(a1, d1) >= a1, $"{name}: {a1:O} + {d1} went back");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void The_next_opening_is_open_and_nothing_of_business_time_lies_before_it(string name)
    {
        var (calendar, changes) = Calendars[name];
        var random = new Random(Seed + 4);
        for (var i = 0; i < Cases; i++)
        {
            var a = Instant(random, changes, wholeMinutes: random.Next(2) == 0);

            var opening = calendar.NextOpening(a);
            Assert.True(opening >= a && calendar.IsOpen(opening), $"{name}: {a:O} opens {opening:O}");
            Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(a, opening));
            Assert.True(calendar.AddBusinessTime(a, TimeSpan.FromTicks(1)) > opening, $"{name}: {a:O}");
        }
    }

    /// <summary>Minute by minute: open when the local date is no holiday and the local time of day lies in a period of that weekday.</summary>
    private static long Oracle(BusinessCalendar calendar, DateTime from, DateTime to)
    {
        long minutes = 0;
        for (var t = from; t < to; t = t.AddMinutes(1))
        {
            if (calendar.IsTwentyFourSeven)
            {
                minutes++;
                continue;
            }

            var local = TimeZoneInfo.ConvertTimeFromUtc(t, calendar.TimeZone);
            var minute = local.Hour * 60 + local.Minute;
            if (!calendar.IsHoliday(DateOnly.FromDateTime(local))
                && calendar.Periods.Any(p => p.Day == local.DayOfWeek && p.StartMinute <= minute && minute < p.EndMinute))
            {
                minutes++;
            }
        }

        return minutes;
    }

    /// <summary>Half the time within three days of a daylight-saving change, otherwise anywhere in 2026-2027.</summary>
    private static DateTime Instant(Random random, DateTime[] changes, bool wholeMinutes)
    {
        var instant = random.Next(2) == 0
            ? changes[random.Next(changes.Length)].AddMinutes(random.Next(-3 * 1440, 3 * 1440))
            : Utc("2026-01-01T00:00Z").AddMinutes(random.Next(0, 730 * 1440));
        return wholeMinutes ? instant : instant.AddSeconds(random.Next(0, 60)).AddTicks(random.Next(0, 10_000_000));
    }

    private static TimeSpan Span(Random random, int days) =>
        TimeSpan.FromMinutes(random.Next(0, days * 1440)) + TimeSpan.FromTicks(random.Next(0, 600_000_000));
}
