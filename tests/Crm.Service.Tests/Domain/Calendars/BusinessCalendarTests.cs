using Crm.Service.Domain.Calendars;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Calendars;

/// <summary>
/// Business time with instants written by hand. Berlin is UTC+1 (CET) until 2026-03-29 01:00Z and again from
/// 2026-10-25 01:00Z, UTC+2 (CEST) between; each expected instant carries its local time in a comment.
/// </summary>
public sealed class BusinessCalendarTests
{
    [Fact]
    public void Sixty_minutes_from_Friday_1630_are_due_Monday_0930()
    {
        var due = BerlinOffice().AddBusinessMinutes(Utc("2026-03-06T15:30Z"), 60); // Fri 16:30 CET

        Assert.Equal(Utc("2026-03-09T08:30Z"), due); // Mon 09:30 CET
        Assert.Equal(DateTimeKind.Utc, due.Kind);
    }

    [Fact]
    public void Time_that_fills_the_period_exactly_ends_at_the_closing_not_the_next_opening()
    {
        var due = BerlinOffice().AddBusinessMinutes(Utc("2026-03-06T15:00Z"), 60); // Fri 16:00 CET

        Assert.Equal(Utc("2026-03-06T16:00Z"), due); // Fri 17:00 CET
    }

    [Fact]
    public void Adding_from_before_the_opening_starts_at_the_opening()
    {
        var calendar = BerlinOffice();

        Assert.Equal(Utc("2026-03-09T09:00Z"), calendar.AddBusinessMinutes(Utc("2026-03-07T09:00Z"), 60)); // Sat 10:00 -> Mon 10:00 CET
        Assert.Equal(Utc("2026-03-09T08:01Z"), calendar.AddBusinessMinutes(Utc("2026-03-09T05:00Z"), 1)); // Mon 06:00 -> 09:01
    }

    [Fact]
    public void Adding_nothing_returns_the_instant_itself()
    {
        Assert.Equal(Utc("2026-03-07T09:00Z"), BerlinOffice().AddBusinessMinutes(Utc("2026-03-07T09:00Z"), 0));
    }

    [Fact]
    public void The_lunch_break_is_skipped()
    {
        var calendar = BerlinWithLunch();

        // Tue 11:30 CEST: 30 minutes before lunch, 30 after 13:30.
        Assert.Equal(Utc("2026-04-07T12:00Z"), calendar.AddBusinessMinutes(Utc("2026-04-07T09:30Z"), 60)); // Tue 14:00 CEST
        Assert.Equal(60, calendar.BusinessMinutesBetween(Utc("2026-04-07T09:30Z"), Utc("2026-04-07T12:00Z")));
        // Starting inside the break waits for its end.
        Assert.Equal(Utc("2026-04-07T11:40Z"), calendar.AddBusinessMinutes(Utc("2026-04-07T10:15Z"), 10)); // 12:15 -> 13:40 CEST
    }

    [Fact]
    public void A_whole_day_with_lunch_has_420_minutes()
    {
        Assert.Equal(180 + 240, BerlinWithLunch().BusinessMinutesBetween(Utc("2026-04-06T22:00Z"), Utc("2026-04-07T22:00Z")));
    }

    [Fact]
    public void One_off_holidays_are_skipped()
    {
        var calendar = BerlinOffice(new Holiday(new DateOnly(2026, 4, 3), "Good Friday"), new Holiday(new DateOnly(2026, 4, 6), "Easter Monday"));

        // Thu 16:30 CEST + 60: 30 on Thursday, Good Friday, the weekend and Easter Monday skipped, 30 on Tuesday.
        Assert.Equal(Utc("2026-04-07T07:30Z"), calendar.AddBusinessMinutes(Utc("2026-04-02T14:30Z"), 60)); // Tue 09:30 CEST
        Assert.Equal(0, calendar.BusinessMinutesBetween(Utc("2026-04-03T00:00Z"), Utc("2026-04-07T07:00Z")));
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 4, 3)));
        Assert.False(calendar.IsHoliday(new DateOnly(2027, 4, 3)));
    }

    [Fact]
    public void Yearly_holidays_repeat_on_their_date()
    {
        var calendar = BerlinOffice(new Holiday(new DateOnly(2020, 12, 25), "Christmas Day", RecursYearly: true));

        Assert.True(calendar.IsHoliday(new DateOnly(2026, 12, 25)));
        // Thu 2026-12-24 16:00 CET + 120: 60 on Thursday, Christmas Day (Friday) and the weekend skipped, 60 on Monday.
        Assert.Equal(Utc("2026-12-28T09:00Z"), calendar.AddBusinessMinutes(Utc("2026-12-24T15:00Z"), 120)); // Mon 10:00 CET
    }

    [Fact]
    public void Business_minutes_between_two_instants_walk_nights_and_weekends()
    {
        var calendar = BerlinOffice();

        // Fri 16:00 CET to Tue 10:00 CET: 60 + 480 + 60.
        Assert.Equal(600, calendar.BusinessMinutesBetween(Utc("2026-03-06T15:00Z"), Utc("2026-03-10T09:00Z")));
        Assert.Equal(0, calendar.BusinessMinutesBetween(Utc("2026-03-07T00:00Z"), Utc("2026-03-09T08:00Z")));
        Assert.Equal(0, calendar.BusinessMinutesBetween(Utc("2026-03-09T10:00Z"), Utc("2026-03-09T10:00Z")));
        // Four whole weeks of 5 x 480.
        Assert.Equal(4 * 5 * 480, calendar.BusinessMinutesBetween(Utc("2026-02-01T12:00Z"), Utc("2026-03-01T12:00Z")));
    }

    [Fact]
    public void Seconds_count_and_whole_minutes_round_down()
    {
        var calendar = BerlinOffice();

        Assert.Equal(TimeSpan.FromSeconds(90), calendar.BusinessTimeBetween(Utc("2026-03-09T08:00:00Z"), Utc("2026-03-09T08:01:30Z")));
        Assert.Equal(1, calendar.BusinessMinutesBetween(Utc("2026-03-09T08:00:00Z"), Utc("2026-03-09T08:01:30Z")));
        Assert.Equal(Utc("2026-03-09T08:00:45Z"), calendar.AddBusinessTime(Utc("2026-03-09T07:59:00Z"), TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void The_next_opening_is_the_instant_itself_inside_working_time()
    {
        var calendar = BerlinWithLunch();

        Assert.Equal(Utc("2026-03-09T08:00Z"), calendar.NextOpening(Utc("2026-03-09T08:00Z"))); // Mon 09:00, opening
        Assert.Equal(Utc("2026-03-09T09:30Z"), calendar.NextOpening(Utc("2026-03-09T09:30Z"))); // Mon 10:30
        Assert.Equal(Utc("2026-03-09T12:30Z"), calendar.NextOpening(Utc("2026-03-09T11:00Z"))); // 12:00 (closing) -> 13:30
        Assert.Equal(Utc("2026-03-10T08:00Z"), calendar.NextOpening(Utc("2026-03-09T16:30Z"))); // Mon 17:30 -> Tue 09:00
        Assert.Equal(Utc("2026-03-09T08:00Z"), calendar.NextOpening(Utc("2026-03-07T12:00Z"))); // Saturday -> Monday 09:00
        Assert.True(calendar.IsOpen(Utc("2026-03-09T08:00Z")));
        Assert.False(calendar.IsOpen(Utc("2026-03-09T11:00Z")));
    }

    [Fact]
    public void Spring_forward_inside_the_window_is_counted_in_real_time()
    {
        var calendar = BerlinOffice();

        // Fri 2026-03-27 16:30 CET + 60: clocks go forward on Sunday; due Mon 09:30 CEST.
        Assert.Equal(Utc("2026-03-30T07:30Z"), calendar.AddBusinessMinutes(Utc("2026-03-27T15:30Z"), 60));
        // Fri 16:00 CET to Mon 10:00 CEST: 60 + 60.
        Assert.Equal(120, calendar.BusinessMinutesBetween(Utc("2026-03-27T15:00Z"), Utc("2026-03-30T08:00Z")));
        Assert.Equal(Utc("2026-03-30T07:00Z"), calendar.NextOpening(Utc("2026-03-28T12:00Z"))); // Mon 09:00 CEST
    }

    [Fact]
    public void Fall_back_inside_the_window_is_counted_in_real_time()
    {
        var calendar = BerlinOffice();

        // Fri 2026-10-23 16:30 CEST + 60: clocks go back on Sunday; due Mon 09:30 CET.
        Assert.Equal(Utc("2026-10-26T08:30Z"), calendar.AddBusinessMinutes(Utc("2026-10-23T14:30Z"), 60));
        Assert.Equal(120, calendar.BusinessMinutesBetween(Utc("2026-10-23T14:00Z"), Utc("2026-10-26T09:00Z")));
    }

    [Fact]
    public void A_period_across_the_skipped_hour_covers_only_the_times_that_exist()
    {
        var calendar = SundayNight();

        // 2026-03-29: 01:00 CET = 00:00Z, 02:00-03:00 does not exist, 04:00 CEST = 02:00Z: two hours, not three.
        Assert.Equal(120, calendar.BusinessMinutesBetween(Utc("2026-03-28T12:00Z"), Utc("2026-03-29T12:00Z")));
        Assert.Equal(Utc("2026-03-29T01:30Z"), calendar.AddBusinessMinutes(Utc("2026-03-29T00:00Z"), 90)); // 03:30 CEST
        // 150 minutes: 120 that night, 30 the next Sunday from 01:00 CEST.
        Assert.Equal(Utc("2026-04-04T23:30Z"), calendar.AddBusinessMinutes(Utc("2026-03-29T00:00Z"), 150));
        // An ordinary Sunday has three hours.
        Assert.Equal(180, calendar.BusinessMinutesBetween(Utc("2026-04-04T12:00Z"), Utc("2026-04-05T12:00Z")));
    }

    [Fact]
    public void A_period_across_the_repeated_hour_covers_it_twice()
    {
        var calendar = SundayNight();

        // 2026-10-25: 01:00 CEST = 2026-10-24T23:00Z, 02:00-03:00 happens twice, 04:00 CET = 03:00Z: four hours.
        Assert.Equal(240, calendar.BusinessMinutesBetween(Utc("2026-10-24T12:00Z"), Utc("2026-10-25T12:00Z")));
        Assert.Equal(Utc("2026-10-24T23:00Z"), calendar.NextOpening(Utc("2026-10-24T12:00Z")));
        Assert.Equal(Utc("2026-10-25T02:30Z"), calendar.AddBusinessMinutes(Utc("2026-10-24T23:00Z"), 210)); // 03:30 CET
    }

    [Fact]
    public void Periods_that_start_or_end_inside_a_daylight_saving_change_follow_the_documented_rule()
    {
        Holiday[] none = [];
        BusinessCalendar Sunday(string start, string end) =>
            BusinessCalendar.Create("rule", Berlin, [WorkingPeriod.Of(DayOfWeek.Sunday, start, end)], none);

        // Skipped times become the end of the gap (03:00 CEST = 01:00Z).
        Assert.Equal(0, Sunday("02:15", "02:45").BusinessMinutesBetween(Utc("2026-03-28T12:00Z"), Utc("2026-03-29T12:00Z")));
        Assert.Equal(120, Sunday("02:30", "05:00").BusinessMinutesBetween(Utc("2026-03-28T12:00Z"), Utc("2026-03-29T12:00Z")));
        Assert.Equal(Utc("2026-03-29T01:00Z"), Sunday("02:30", "05:00").NextOpening(Utc("2026-03-28T12:00Z")));
        Assert.Equal(60, Sunday("01:00", "02:30").BusinessMinutesBetween(Utc("2026-03-28T12:00Z"), Utc("2026-03-29T12:00Z")));
        // Repeated times: a start at its first occurrence (CEST), an end at its last (CET).
        Assert.Equal(75, Sunday("02:30", "02:45").BusinessMinutesBetween(Utc("2026-10-24T12:00Z"), Utc("2026-10-25T12:00Z")));
        Assert.Equal(Utc("2026-10-25T00:30Z"), Sunday("02:30", "02:45").NextOpening(Utc("2026-10-24T12:00Z")));
        Assert.Equal(120, Sunday("02:00", "03:00").BusinessMinutesBetween(Utc("2026-10-24T12:00Z"), Utc("2026-10-25T12:00Z")));
    }

    [Fact]
    public void Adjacent_periods_around_the_repeated_hour_count_it_once()
    {
        var calendar = BusinessCalendar.Create("split night", Berlin,
            [WorkingPeriod.Of(DayOfWeek.Sunday, "01:00", "02:30"), WorkingPeriod.Of(DayOfWeek.Sunday, "02:30", "04:00")]);

        // Same four hours as one 01:00-04:00 period, although the first ends (02:30 CET) after the second starts (02:30 CEST).
        Assert.Equal(240, calendar.BusinessMinutesBetween(Utc("2026-10-24T12:00Z"), Utc("2026-10-25T12:00Z")));
    }

    [Fact]
    public void Half_hour_daylight_saving_changes_are_handled()
    {
        // Lord Howe Island goes from +11 to +10:30 on 2026-04-05 at 02:00 local.
        var calendar = BusinessCalendar.Create("Lord Howe", "Australia/Lord_Howe", [WorkingPeriod.Of(DayOfWeek.Sunday, "01:00", "03:00")]);

        // 01:00 +11 = 2026-04-04T14:00Z to 03:00 +10:30 = 16:30Z.
        Assert.Equal(150, calendar.BusinessMinutesBetween(Utc("2026-04-04T00:00Z"), Utc("2026-04-05T00:00Z")));
    }

    [Fact]
    public void A_24x7_calendar_counts_elapsed_time_even_across_daylight_saving()
    {
        var calendar = BusinessCalendar.TwentyFourSeven("Always", Berlin);

        Assert.Equal(Utc("2026-03-29T02:30Z"), calendar.AddBusinessMinutes(Utc("2026-03-28T23:30Z"), 180));
        Assert.Equal(48 * 60, calendar.BusinessMinutesBetween(Utc("2026-10-24T00:00Z"), Utc("2026-10-26T00:00Z")));
        Assert.Equal(Utc("2026-03-29T01:17Z"), calendar.NextOpening(Utc("2026-03-29T01:17Z")));
        Assert.True(calendar.IsTwentyFourSeven);
    }

    [Fact]
    public void Local_times_are_refused_and_unspecified_ones_count_as_UTC()
    {
        var calendar = BerlinOffice();

        Assert.Throws<ArgumentException>(() => calendar.AddBusinessMinutes(new DateTime(2026, 3, 9, 9, 0, 0, DateTimeKind.Local), 1));
        Assert.Equal(Utc("2026-03-09T08:01Z"), calendar.AddBusinessMinutes(new DateTime(2026, 3, 9, 8, 0, 0, DateTimeKind.Unspecified), 1));
    }

    [Fact]
    public void An_end_before_the_start_and_negative_durations_are_refused()
    {
        var calendar = BerlinOffice();

        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.BusinessMinutesBetween(Utc("2026-03-09T10:00Z"), Utc("2026-03-09T09:00Z")));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddBusinessMinutes(Utc("2026-03-09T10:00Z"), -1));
    }

    [Fact]
    public void Holidays_on_every_date_leave_no_working_time_and_a_deadline_fails_clearly_instead_of_walking_forever()
    {
        var everyDay = Enumerable.Range(0, 366).Select(d => new Holiday(new DateOnly(2024, 1, 1).AddDays(d), RecursYearly: true));
        var calendar = BerlinOffice([.. everyDay]);

        var error = Assert.Throws<NoWorkingTimeException>(() => calendar.AddBusinessMinutes(Utc("2026-03-09T08:00Z"), 60));
        Assert.Contains("Berlin office", error.Message, StringComparison.Ordinal);
        Assert.Contains("no working time", error.Message, StringComparison.Ordinal);
        Assert.Throws<NoWorkingTimeException>(() => calendar.NextOpening(Utc("2026-03-09T08:00Z")));
        // A bounded question has an answer.
        Assert.Equal(0, calendar.BusinessMinutesBetween(Utc("2026-03-09T08:00Z"), Utc("2026-04-09T08:00Z")));
    }

    [Fact]
    public void Gaps_list_the_holidays_and_closed_stretches_skipped()
    {
        var calendar = BerlinWithLunch(new Holiday(new DateOnly(2026, 4, 3), "Good Friday"), new Holiday(new DateOnly(2026, 4, 4), "On a Saturday"));

        // Thu 2026-04-02 11:00 CEST to Mon 2026-04-06 10:00 CEST.
        var gaps = calendar.GapsBetween(Utc("2026-04-02T09:00Z"), Utc("2026-04-06T08:00Z"));

        Assert.Equal([new SkippedHoliday(new DateOnly(2026, 4, 3), "Good Friday")], gaps.Holidays);
        Assert.Equal(
            [
                new ClosedStretch(Utc("2026-04-02T10:00Z"), Utc("2026-04-02T11:30Z")), // Thu lunch 12:00-13:30
                new ClosedStretch(Utc("2026-04-02T15:30Z"), Utc("2026-04-06T07:00Z")), // Thu 17:30 to Mon 09:00
            ],
            gaps.Closed);
        Assert.Equal([new ClosedStretch(Utc("2026-04-04T10:00Z"), Utc("2026-04-04T11:00Z"))],
            calendar.GapsBetween(Utc("2026-04-04T10:00Z"), Utc("2026-04-04T11:00Z")).Closed);
    }
}
