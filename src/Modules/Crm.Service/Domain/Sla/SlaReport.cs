using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>The SLA targets of a case at one instant; a target the policy does not set is null.</summary>
internal sealed record SlaReport(
    DateTime EvaluatedAtUtc,
    SlaTargetStatus? FirstResponse,
    SlaTargetStatus? NextResponse,
    IReadOnlyList<SlaTargetStatus> NextResponseCycles,
    SlaTargetStatus? Resolution)
{
    public IEnumerable<SlaTargetStatus> Targets =>
        new[] { FirstResponse, NextResponse, Resolution }.OfType<SlaTargetStatus>();
}

/// <summary>
/// One target at the evaluation instant. <see cref="DueAtUtc"/> and <see cref="WarningAtUtc"/> are null while the clock
/// stands with time left (they depend on when it resumes); for a met target they are the deadline in force when it was
/// met. <see cref="Remaining"/> is negative by the business time overdue.
/// </summary>
internal sealed record SlaTargetStatus(
    SlaTargetKind Kind,
    SlaState State,
    DateTime StartedAtUtc,
    DateTime? DueAtUtc,
    DateTime? WarningAtUtc,
    DateTime? MetAtUtc,
    TimeSpan Target,
    TimeSpan Used,
    TimeSpan Remaining,
    SlaExplanation Explanation)
{
    public double UsedMinutes => Used.TotalMinutes;

    public double RemainingMinutes => Remaining.TotalMinutes;
}

/// <summary>A stretch during which a target's clock stood, and the status that stopped it.</summary>
internal sealed record SlaPause(DateTime FromUtc, DateTime? ToUtc, CaseStatus Status);

/// <summary>A policy (and its calendar) that took over the case's clocks at an instant.</summary>
internal sealed record SlaPolicyChange(DateTime FromUtc, string PolicyName, string CalendarName);

/// <summary>
/// How a target's deadline was derived, as data for the case page and as <see cref="Text"/>: the policy and calendar,
/// when the clock started, the pauses, and the holidays and closed time it skipped up to the deadline.
/// </summary>
internal sealed record SlaExplanation(
    string PolicyName,
    string CalendarName,
    string TimeZoneId,
    TimeSpan Target,
    int WarningPercent,
    DateTime StartedAtUtc,
    DateTime? ClockStartedAtUtc,
    IReadOnlyList<SlaPause> Pauses,
    IReadOnlyList<SkippedHoliday> Holidays,
    IReadOnlyList<ClosedStretch> ClosedTime,
    IReadOnlyList<SlaPolicyChange> PolicyChanges,
    string Text);
