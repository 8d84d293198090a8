using System.Globalization;
using System.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>The readable form of an <see cref="SlaExplanation"/>, in the calendar's local time, for the case page and reports.</summary>
internal static class SlaExplanationText
{
    /// <summary>Closed stretches listed in the text; the data keeps them all.</summary>
    private const int ClosedShown = 10;

    public static string Write(SlaTargetKind kind, SlaExplanation facts, BusinessCalendar calendar, SlaState state,
        TimeSpan used, DateTime? due, DateTime? warningAt, DateTime? metAt)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{Name(kind)}: {Duration(facts.Target)} of business time under policy \"{facts.PolicyName}\", ")
            .Append(inv, $"calendar \"{facts.CalendarName}\" ({facts.TimeZoneId}), warning at {facts.WarningPercent} % used.")
            .AppendLine();
        text.Append(inv, $"Started {calendar.FormatLocal(facts.StartedAtUtc)}");
        if (facts.ClockStartedAtUtc is { } opened && opened > facts.StartedAtUtc)
        {
            text.Append(inv, $"; outside working time, so the clock started at the next opening, {calendar.FormatLocal(opened)}");
        }

        text.Append('.').AppendLine();
        foreach (var change in facts.PolicyChanges)
        {
            text.Append(inv, $"From {calendar.FormatLocal(change.FromUtc)} policy \"{change.PolicyName}\" with calendar \"{change.CalendarName}\" applies; the time used before is kept.")
                .AppendLine();
        }

        foreach (var pause in facts.Pauses)
        {
            var to = pause.ToUtc is { } end ? calendar.FormatLocal(end) : "now";
            text.Append(inv, $"Paused {calendar.FormatLocal(pause.FromUtc)} to {to} ({Name(pause.Status)}).").AppendLine();
        }

        if (facts.Holidays.Count > 0)
        {
            text.Append("Holidays skipped: ")
                .AppendJoin(", ", facts.Holidays.Select(h => h.Name is null
                    ? h.Date.ToString("ddd yyyy-MM-dd", inv)
                    : $"{h.Date.ToString("ddd yyyy-MM-dd", inv)} ({h.Name})"))
                .Append('.').AppendLine();
        }

        if (facts.ClosedTime.Count > 0)
        {
            text.Append("Non-working time skipped: ")
                .AppendJoin("; ", facts.ClosedTime.Take(ClosedShown)
                    .Select(c => $"{calendar.FormatLocal(c.FromUtc)} to {calendar.FormatLocal(c.ToUtc)}"));
            if (facts.ClosedTime.Count > ClosedShown)
            {
                text.Append(inv, $"; and {facts.ClosedTime.Count - ClosedShown} more");
            }

            text.Append('.').AppendLine();
        }

        // Whole minutes: the used time counted down, so that what is shown used and remaining adds up to the target.
        var usedShown = TimeSpan.FromMinutes(Math.Floor(used.TotalMinutes));
        var remaining = facts.Target - usedShown;
        text.Append(inv, $"Used {Duration(usedShown)} of {Duration(facts.Target)} business time; ")
            .Append(remaining >= TimeSpan.Zero
                ? string.Create(inv, $"{Duration(remaining)} remaining.")
                : string.Create(inv, $"{Duration(-remaining)} overdue."));
        if (due is { } dueAt)
        {
            text.Append(inv, $" Due {calendar.FormatLocal(dueAt)}");
            if (warningAt is { } warn)
            {
                text.Append(inv, $", warning from {calendar.FormatLocal(warn)}");
            }

            text.Append('.');
        }
        else
        {
            text.Append(" No deadline while the clock stands.");
        }

        if (metAt is { } met)
        {
            text.Append(inv, $" Met {calendar.FormatLocal(met)}.");
        }

        text.AppendLine().Append(inv, $"State: {state}.");
        return text.ToString();
    }

    /// <summary>A business duration as people read it: "45 min", "8 h", "487 h 11 min" (whole minutes, rounded down; hours
    /// rather than days, because a business day's length depends on the calendar).</summary>
    private static string Duration(TimeSpan time)
    {
        var minutes = (long)Math.Floor(time.TotalMinutes);
        var (hours, rest) = Math.DivRem(minutes, 60);
        return (hours, rest) switch
        {
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"{rest} min"),
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{hours} h"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min"),
        };
    }

    private static string Name(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => "First response",
        SlaTargetKind.NextResponse => "Next response",
        _ => "Resolution",
    };

    private static string Name(CaseStatus status) => status switch
    {
        CaseStatus.PendingCustomer => "Pending customer",
        CaseStatus.PendingThirdParty => "Pending third party",
        _ => status.ToString(),
    };
}
