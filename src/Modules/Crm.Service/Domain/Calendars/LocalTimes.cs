namespace Crm.Service.Domain.Calendars;

/// <summary>
/// Turns a calendar's local wall-clock times into UTC instants, with one rule for the two daylight-saving cases
/// (docs/adr/0013-service-sla-clock.md):
/// <list type="bullet">
/// <item>A skipped local time (spring forward: 02:30 does not exist in Berlin on the last Sunday of March) becomes the
/// first instant after the gap (03:00 local), so a period covers exactly the wall-clock times that exist that day.</item>
/// <item>A repeated local time (fall back: 02:30 happens twice on the last Sunday of October) is taken at its first
/// occurrence when it starts a period and at its last when it ends one, so a period covers the whole repeated hour.</item>
/// </list>
/// </summary>
internal static class LocalTimes
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static DateTime ToUtc(TimeZoneInfo zone, DateTime local, bool startOfPeriod)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return FirstInstantShowingAtLeast(zone, local);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var offset = startOfPeriod ? offsets.Max() : offsets.Min();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return DateTime.SpecifyKind(local - zone.GetUtcOffset(local), DateTimeKind.Utc);
    }

    public static DateTime ToLocal(TimeZoneInfo zone, DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>
    /// The earliest instant whose local time is at or after <paramref name="local"/>: the end of the gap for a skipped
    /// time. A binary search over the ±14 hours any offset allows, run only for the rare skipped times.
    /// </summary>
    private static DateTime FirstInstantShowingAtLeast(TimeZoneInfo zone, DateTime local)
    {
        var low = (local - MaxOffset).Ticks;   // shows a local time before `local`
        var high = (local + MaxOffset).Ticks;  // shows a local time at or after it
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (ToLocal(zone, new DateTime(middle, DateTimeKind.Utc)) >= local)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTime(high, DateTimeKind.Utc);
    }
}
