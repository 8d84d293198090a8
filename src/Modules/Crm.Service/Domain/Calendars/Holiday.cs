namespace Crm.Service.Domain.Calendars;

/// <summary>
/// A local date on which the calendar does not work. A yearly holiday repeats on the same month and day every year
/// (29 February then only in leap years); a one-off holiday is that date only.
/// </summary>
internal sealed record Holiday(DateOnly Date, string? Name = null, bool RecursYearly = false)
{
    public bool FallsOn(DateOnly date) =>
        RecursYearly ? date.Month == Date.Month && date.Day == Date.Day : date == Date;
}
