using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Crm.Kernel.Errors;

namespace Crm.Service.Domain.Calendars;

/// <summary>
/// When a service desk works: an IANA time zone, working periods per weekday in local time (several per day, e.g.
/// 09:00-12:00 and 13:30-17:30), and holidays; or around the clock (<see cref="TwentyFourSeven"/>). Answers in business
/// time between UTC instants. It walks working periods day by day, never minute by minute, and refuses to walk past
/// <see cref="MaxClosedDays"/> days in a row without working time. Immutable; built only through <see cref="Create"/>
/// or <see cref="TwentyFourSeven"/>, so every instance is valid. Instants are UTC (<see cref="DateTimeKind.Local"/>
/// is refused; Unspecified, as EF Core reads them back, counts as UTC).
/// </summary>
internal sealed class BusinessCalendar
{
    /// <summary>Days in a row without any working time after which a walk stops with <see cref="NoWorkingTimeException"/>.</summary>
    public const int MaxClosedDays = 4 * 366;

    private readonly TimeZoneInfo _zone;
    private readonly WorkingPeriod[][] _periodsByDay;
    private readonly HashSet<DateOnly> _oneOffHolidays;
    private readonly Dictionary<(int Month, int Day), Holiday> _yearlyHolidays;
    private readonly ConcurrentDictionary<DateOnly, (DateTime Start, DateTime End)[]> _days = new();

    private BusinessCalendar(string name, TimeZoneInfo zone, bool isTwentyFourSeven, IReadOnlyList<WorkingPeriod> periods,
        IReadOnlyList<Holiday> holidays)
    {
        Name = name;
        TimeZoneId = zone.Id;
        _zone = zone;
        IsTwentyFourSeven = isTwentyFourSeven;
        Periods = [.. periods.OrderBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.StartMinute)];
        Holidays = [.. holidays.OrderBy(h => h.Date)];
        _periodsByDay = new WorkingPeriod[7][];
        for (var day = 0; day < 7; day++)
        {
            _periodsByDay[day] = [.. Periods.Where(p => (int)p.Day == day)];
        }

        _oneOffHolidays = [.. Holidays.Where(h => !h.RecursYearly).Select(h => h.Date)];
        _yearlyHolidays = Holidays.Where(h => h.RecursYearly)
            .GroupBy(h => (h.Date.Month, h.Date.Day))
            .ToDictionary(g => g.Key, g => g.First());
    }

    public string Name { get; }

    /// <summary>The IANA id of the zone its periods and holidays are in (e.g. Europe/Berlin).</summary>
    public string TimeZoneId { get; }

    public TimeZoneInfo TimeZone => _zone;

    /// <summary>Every instant is working time; periods and holidays play no part.</summary>
    public bool IsTwentyFourSeven { get; }

    public IReadOnlyList<WorkingPeriod> Periods { get; }

    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>A calendar in which every instant is business time (its zone only names the local times it shows).</summary>
    public static BusinessCalendar TwentyFourSeven(string name = "24x7", string timeZoneId = "Etc/UTC")
    {
        var problems = new List<ValidationError>();
        var zone = FindZone(timeZoneId, problems);
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new ValidationError(nameof(Name), "A calendar needs a name."));
        }

        return problems.Count > 0 ? throw new InvalidCalendarException(new OperationResult(problems)) : new(name, zone!, true, [], []);
    }

    /// <summary>A calendar with working periods and holidays; throws <see cref="InvalidCalendarException"/> listing every problem.</summary>
    public static BusinessCalendar Create(string name, string timeZoneId, IEnumerable<WorkingPeriod> periods,
        IEnumerable<Holiday>? holidays = null)
    {
        var periodList = periods.ToList();
        var holidayList = holidays?.ToList() ?? [];
        var problems = Validate(name, timeZoneId, periodList, holidayList, out var zone);
        return problems.Succeeded ? new(name, zone!, false, periodList, holidayList) : throw new InvalidCalendarException(problems);
    }

    /// <summary>
    /// The problems of a calendar definition, each naming its field (<c>Periods[2]</c>), for forms and the API to show
    /// before anything is stored.
    /// </summary>
    public static OperationResult Validate(string name, string timeZoneId, IReadOnlyList<WorkingPeriod> periods,
        IReadOnlyList<Holiday> holidays) => Validate(name, timeZoneId, periods, holidays, out _);

    private static OperationResult Validate(string name, string timeZoneId, IReadOnlyList<WorkingPeriod> periods,
        IReadOnlyList<Holiday> holidays, out TimeZoneInfo? zone)
    {
        var problems = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new ValidationError(nameof(Name), "A calendar needs a name."));
        }

        zone = FindZone(timeZoneId, problems);
        if (periods.Count == 0)
        {
            problems.Add(new ValidationError(nameof(Periods),
                "A calendar needs at least one working period; for a desk that never closes use the 24x7 calendar."));
        }

        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            var field = $"{nameof(Periods)}[{i}]";
            if (!Enum.IsDefined(period.Day))
            {
                problems.Add(new ValidationError(field, $"{(int)period.Day} is not a day of the week."));
            }
            else if (period.StartMinute < 0 || period.EndMinute > WorkingPeriod.MinutesPerDay)
            {
                problems.Add(new ValidationError(field, $"{period.Day}: a working period must lie within the day, between 00:00 and 24:00."));
            }
            else if (period.StartMinute >= period.EndMinute)
            {
                problems.Add(new ValidationError(field,
                    $"{period}: a working period must start before it ends (one that runs past midnight is two periods, one on each day)."));
            }
        }

        foreach (var day in periods.Where(p => p.StartMinute < p.EndMinute).GroupBy(p => p.Day))
        {
            var ordered = day.OrderBy(p => p.StartMinute).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].StartMinute < ordered[i - 1].EndMinute)
                {
                    problems.Add(new ValidationError(nameof(Periods),
                        $"{ordered[i - 1]} and {ordered[i]} overlap: working periods of one day must not overlap."));
                }
            }
        }

        foreach (var duplicate in holidays.GroupBy(h => h.RecursYearly ? new DateOnly(2000, h.Date.Month, h.Date.Day) : h.Date)
                     .Where(g => g.Count() > 1 && g.Any(h => h.RecursYearly) == g.All(h => h.RecursYearly)))
        {
            problems.Add(new ValidationError(nameof(Holidays),
                $"{duplicate.First().Date:yyyy-MM-dd} is listed more than once as a holiday."));
        }

        return new OperationResult(problems);
    }

    private static TimeZoneInfo? FindZone(string timeZoneId, List<ValidationError> problems)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            problems.Add(new ValidationError(nameof(TimeZoneId), "A calendar needs a time zone (an IANA id such as Europe/Berlin)."));
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add(new ValidationError(nameof(TimeZoneId), $"'{timeZoneId}' is not a known time zone (use an IANA id such as Europe/Berlin)."));
            return null;
        }
    }

    /// <summary>Whether the local date is a holiday of this calendar (never, for a 24x7 calendar).</summary>
    public bool IsHoliday(DateOnly localDate) => HolidayOn(localDate) is not null;

    private Holiday? HolidayOn(DateOnly localDate)
    {
        if (IsTwentyFourSeven)
        {
            return null;
        }

        if (_oneOffHolidays.Contains(localDate))
        {
            return Holidays.First(h => !h.RecursYearly && h.Date == localDate);
        }

        return _yearlyHolidays.GetValueOrDefault((localDate.Month, localDate.Day));
    }

    /// <summary>Whether the instant is working time (a period's start is, its end is not).</summary>
    public bool IsOpen(DateTime atUtc) => NextOpening(atUtc) == Utc(atUtc, nameof(atUtc));

    /// <summary>The instant itself when it is working time, otherwise the next start of a working period.</summary>
    public DateTime NextOpening(DateTime atUtc)
    {
        atUtc = Utc(atUtc, nameof(atUtc));
        if (IsTwentyFourSeven)
        {
            return atUtc;
        }

        var first = Intervals(atUtc).First();
        return first.StartUtc > atUtc ? first.StartUtc : atUtc;
    }

    /// <summary>The instant at which <paramref name="duration"/> of business time has passed after <paramref name="fromUtc"/>.</summary>
    public DateTime AddBusinessTime(DateTime fromUtc, TimeSpan duration)
    {
        fromUtc = Utc(fromUtc, nameof(fromUtc));
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (IsTwentyFourSeven || duration == TimeSpan.Zero)
        {
            return fromUtc + duration;
        }

        var left = duration;
        foreach (var interval in Intervals(fromUtc))
        {
            var start = interval.StartUtc > fromUtc ? interval.StartUtc : fromUtc;
            var available = interval.EndUtc - start;
            if (left <= available)
            {
                return start + left;
            }

            left -= available;
        }

        throw new UnreachableException();
    }

    /// <summary>The instant at which <paramref name="minutes"/> business minutes have passed after <paramref name="fromUtc"/>.</summary>
    public DateTime AddBusinessMinutes(DateTime fromUtc, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        return AddBusinessTime(fromUtc, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>The business time in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>); never negative.</summary>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = Utc(fromUtc, nameof(fromUtc));
        toUtc = Utc(toUtc, nameof(toUtc));
        if (toUtc < fromUtc)
        {
            throw new ArgumentOutOfRangeException(nameof(toUtc), toUtc, $"The end {toUtc:O} lies before the start {fromUtc:O}.");
        }

        if (IsTwentyFourSeven || toUtc == fromUtc)
        {
            return toUtc - fromUtc;
        }

        var total = TimeSpan.Zero;
        foreach (var interval in Intervals(fromUtc, toUtc))
        {
            if (interval.StartUtc >= toUtc)
            {
                break;
            }

            var start = interval.StartUtc > fromUtc ? interval.StartUtc : fromUtc;
            var end = interval.EndUtc < toUtc ? interval.EndUtc : toUtc;
            total += end - start;
        }

        return total;
    }

    /// <summary>Whole business minutes in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), rounded down.</summary>
    public long BusinessMinutesBetween(DateTime fromUtc, DateTime toUtc) =>
        BusinessTimeBetween(fromUtc, toUtc).Ticks / TimeSpan.TicksPerMinute;

    /// <summary>
    /// What the calendar left out between two instants: holidays on days that would have worked, and the closed
    /// stretches (nights, weekends, breaks, holidays) as UTC ranges clipped to [from, to]. Feeds the SLA explanation.
    /// </summary>
    public CalendarGaps GapsBetween(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = Utc(fromUtc, nameof(fromUtc));
        toUtc = Utc(toUtc, nameof(toUtc));
        if (IsTwentyFourSeven || toUtc <= fromUtc)
        {
            return new CalendarGaps([], []);
        }

        var closed = new List<ClosedStretch>();
        var cursor = fromUtc;
        foreach (var interval in Intervals(fromUtc, toUtc))
        {
            if (interval.StartUtc >= toUtc)
            {
                break;
            }

            if (interval.StartUtc > cursor)
            {
                closed.Add(new ClosedStretch(cursor, interval.StartUtc));
            }

            if (interval.EndUtc > cursor)
            {
                cursor = interval.EndUtc;
            }

            if (cursor >= toUtc)
            {
                break;
            }
        }

        if (cursor < toUtc)
        {
            closed.Add(new ClosedStretch(cursor, toUtc));
        }

        var holidays = new List<SkippedHoliday>();
        var lastDay = LocalDate(toUtc);
        for (var day = LocalDate(fromUtc); day <= lastDay; day = day.AddDays(1))
        {
            if (_periodsByDay[(int)day.DayOfWeek].Length > 0 && HolidayOn(day) is { } holiday)
            {
                holidays.Add(new SkippedHoliday(day, holiday.Name));
            }
        }

        return new CalendarGaps(holidays, closed);
    }

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(LocalTimes.ToLocal(_zone, utc));

    /// <summary>An instant as local wall-clock text in this calendar's zone, e.g. "Fri 2026-03-06 16:30".</summary>
    public string FormatLocal(DateTime utc) =>
        LocalTimes.ToLocal(_zone, utc).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public override string ToString() => IsTwentyFourSeven ? $"{Name} (24x7, {TimeZoneId})" : $"{Name} ({TimeZoneId})";

    /// <summary>
    /// The working intervals that end after <paramref name="fromUtc"/>, in order, without overlaps: forever, or up to
    /// the local day after <paramref name="untilUtc"/> (a bounded walk needs no working time to end). Starts a
    /// local day early because a period of the previous local day can end after the instant. A period that a
    /// daylight-saving gap swallows entirely yields nothing; one that overlaps the previous period after a repeated
    /// hour is clipped so no instant counts twice.
    /// </summary>
    private IEnumerable<WorkingInterval> Intervals(DateTime fromUtc, DateTime? untilUtc = null)
    {
        var day = LocalDate(fromUtc).AddDays(-1);
        var lastDay = untilUtc is { } until ? LocalDate(until).AddDays(1) : DateOnly.MaxValue;
        var previousEnd = DateTime.MinValue;
        var closedDays = 0;
        while (day <= lastDay)
        {
            var worked = false;
            foreach (var (periodStart, end) in PeriodsOn(day))
            {
                var start = periodStart < previousEnd ? previousEnd : periodStart;
                if (end <= start)
                {
                    continue;
                }

                worked = true;
                previousEnd = end;
                if (end > fromUtc)
                {
                    yield return new WorkingInterval(start, end, day);
                }
            }

            closedDays = worked ? 0 : closedDays + 1;
            if (closedDays > MaxClosedDays)
            {
                throw new NoWorkingTimeException(
                    $"Calendar '{Name}' has no working time in the {MaxClosedDays} days up to {day:yyyy-MM-dd}: its holidays cover every working day. Remove holidays or add working periods.");
            }

            if (day == DateOnly.MaxValue)
            {
                yield break;
            }

            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// The periods of a local day as UTC instants, before any clipping; none on a holiday. Cached per day because the
    /// zone conversions are the cost of every walk and a calendar never changes (a recompute over many open cases
    /// asks about the same few weeks again and again).
    /// </summary>
    private (DateTime Start, DateTime End)[] PeriodsOn(DateOnly day) => _days.GetOrAdd(day, static (date, calendar) =>
    {
        if (calendar.HolidayOn(date) is not null)
        {
            return [];
        }

        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return [.. calendar._periodsByDay[(int)date.DayOfWeek].Select(period => (
            LocalTimes.ToUtc(calendar._zone, midnight.AddMinutes(period.StartMinute), startOfPeriod: true),
            LocalTimes.ToUtc(calendar._zone, midnight.AddMinutes(period.EndMinute), startOfPeriod: false)))];
    }, this);

    private static DateTime Utc(DateTime value, string name) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => throw new ArgumentException("Business time works on UTC instants; convert local times first.", name),
    };
}
