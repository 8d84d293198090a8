using Crm.Service.Domain.Calendars;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Calendars;

public sealed class BusinessCalendarValidationTests
{
    private static string[] Problems(string name, string zone, WorkingPeriod[] periods, Holiday[]? holidays = null) =>
        [.. BusinessCalendar.Validate(name, zone, periods, holidays ?? []).Errors.Select(e => $"{e.Field}: {e.Message}")];

    [Fact]
    public void A_valid_calendar_has_no_problems_and_keeps_its_definition()
    {
        var calendar = BerlinWithLunch(new Holiday(new DateOnly(2026, 4, 3), "Good Friday"));

        Assert.Equal("Europe/Berlin", calendar.TimeZoneId);
        Assert.Equal(10, calendar.Periods.Count);
        Assert.Equal("Mon 09:00-12:00", calendar.Periods[0].ToString());
        Assert.Equal("Mon 13:30-17:30", calendar.Periods[1].ToString());
        Assert.Single(calendar.Holidays);
        Assert.False(calendar.IsTwentyFourSeven);
    }

    [Fact]
    public void Overlapping_periods_of_one_day_are_refused()
    {
        Assert.Equal(
            ["Periods: Mon 09:00-12:30 and Mon 12:00-17:00 overlap: working periods of one day must not overlap."],
            Problems("Desk", Berlin, [WorkingPeriod.Of(DayOfWeek.Monday, "09:00", "12:30"), WorkingPeriod.Of(DayOfWeek.Monday, "12:00", "17:00")]));
    }

    [Fact]
    public void Touching_periods_and_the_same_hours_on_different_days_are_fine()
    {
        Assert.Empty(Problems("Desk", Berlin,
            [WorkingPeriod.Of(DayOfWeek.Monday, "09:00", "12:00"), WorkingPeriod.Of(DayOfWeek.Monday, "12:00", "24:00"), WorkingPeriod.Of(DayOfWeek.Tuesday, "09:00", "12:00")]));
    }

    [Fact]
    public void A_period_must_start_before_it_ends_and_lie_within_the_day()
    {
        Assert.Equal(
            [
                "Periods[0]: Mon 17:00-09:00: a working period must start before it ends (one that runs past midnight is two periods, one on each day).",
                "Periods[1]: Tuesday: a working period must lie within the day, between 00:00 and 24:00.",
                "Periods[2]: Wed 10:00-10:00: a working period must start before it ends (one that runs past midnight is two periods, one on each day).",
            ],
            Problems("Desk", Berlin,
                [WorkingPeriod.Of(DayOfWeek.Monday, "17:00", "09:00"), new WorkingPeriod(DayOfWeek.Tuesday, 600, 1500), WorkingPeriod.Of(DayOfWeek.Wednesday, "10:00", "10:00")]));
    }

    [Fact]
    public void An_unknown_zone_a_missing_name_and_no_periods_are_refused()
    {
        Assert.Equal(
            [
                "Name: A calendar needs a name.",
                "TimeZoneId: 'Mars/Olympus' is not a known time zone (use an IANA id such as Europe/Berlin).",
                "Periods: A calendar needs at least one working period; for a desk that never closes use the 24x7 calendar.",
            ],
            Problems(" ", "Mars/Olympus", []));
    }

    [Fact]
    public void The_same_holiday_twice_is_refused()
    {
        Assert.Equal(
            ["Holidays: 2026-12-25 is listed more than once as a holiday."],
            Problems("Desk", Berlin, [WorkingPeriod.Of(DayOfWeek.Monday, "09:00", "17:00")],
                [new Holiday(new DateOnly(2026, 12, 25)), new Holiday(new DateOnly(2026, 12, 25), "Christmas")]));
    }

    [Fact]
    public void Create_throws_with_every_problem()
    {
        var error = Assert.Throws<InvalidCalendarException>(() =>
            BusinessCalendar.Create("Desk", "Nowhere/Town", [WorkingPeriod.Of(DayOfWeek.Monday, "12:00", "09:00")]));

        Assert.Equal(2, error.Problems.Errors.Count);
        Assert.Contains("Nowhere/Town", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24:01")]
    [InlineData("12:60")]
    [InlineData("noon")]
    [InlineData("-1:00")]
    public void Wall_clock_texts_outside_00_00_to_24_00_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => WorkingPeriod.Of(DayOfWeek.Monday, text, "24:00"));
    }
}
