namespace Crm.Service.Domain.Calendars;

/// <summary>One working period of one local day, turned into UTC instants (start inclusive, end exclusive).</summary>
internal readonly record struct WorkingInterval(DateTime StartUtc, DateTime EndUtc, DateOnly LocalDate);

/// <summary>A stretch of closed time (night, weekend, lunch break, holiday) between two working intervals, in UTC.</summary>
internal sealed record ClosedStretch(DateTime FromUtc, DateTime ToUtc);

/// <summary>A holiday that fell on a day with working periods, so it took working time away.</summary>
internal sealed record SkippedHoliday(DateOnly Date, string? Name);

/// <summary>What a calendar left out between two instants: the holidays and the closed stretches.</summary>
internal sealed record CalendarGaps(IReadOnlyList<SkippedHoliday> Holidays, IReadOnlyList<ClosedStretch> Closed);
