using Crm.Analytics.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel.Events;

namespace Crm.Service.Contracts;

/// <summary>Where a case's SLA stands as a whole: the most pressing of its targets (None: no policy applies).</summary>
public enum CaseSlaState
{
    None,
    Met,
    Paused,
    Running,
    Warning,
    Breached,
}

// Which target of an SLA policy. No XML summary on purpose, here or on the properties of this type: the OpenAPI document gave
// this enum's schema a description or not depending on which use it met first, and the Kiota contract test compares it.
public enum SlaTarget
{
    FirstResponse,
    NextResponse,
    Resolution,
}

/// <summary>
/// One SLA target of a case now: its deadline and warning instant (null while the clock stands with time left), the business
/// minutes remaining (negative when overdue) and how the deadline was derived (policy, calendar, pauses, closed time skipped).
/// </summary>
public sealed record CaseSlaTargetDto(
    SlaTarget Target,
    CaseSlaState State,
    DateTime StartedAtUtc,
    DateTime? DueAtUtc,
    DateTime? WarningAtUtc,
    DateTime? MetAtUtc,
    int TargetMinutes,
    double UsedMinutes,
    double RemainingMinutes,
    string Explanation);

/// <summary>
/// The SLA of a case: the policy in force (null: none matched), its calendar and why that calendar (the policy's own or the
/// queue's), the overall state and each target.
/// </summary>
public sealed record CaseSlaDto(
    long? PolicyId,
    string? PolicyName,
    string? CalendarName,
    string? TimeZoneId,
    CaseSlaState State,
    IReadOnlyList<CaseSlaTargetDto> Targets,
    string? CalendarReason = null);

/// <summary>A target of a case reached its warning share (written to the outbox with the case's SLA entry; once per target).</summary>
public sealed record SlaWarning(long CaseId, long CustomerId, string? OwnerId, SlaTarget Target, DateTime DueAtUtc, DateTime AtUtc) : IIntegrationEvent;

/// <summary>A target of a case was breached (written to the outbox with the case's SLA entry; once per target).</summary>
public sealed record SlaBreached(long CaseId, long CustomerId, string? OwnerId, SlaTarget Target, DateTime DueAtUtc, DateTime AtUtc) : IIntegrationEvent;

/// <summary>
/// An escalation rule of the case's SLA policy ran on a recorded warning or breach (once per crossing, in the sweep's
/// transaction): <see cref="Actions"/> says what it did; <see cref="NotifyManagers"/> asks for a notification to every Manager.
/// </summary>
public sealed record SlaEscalated(
    long CaseId, long CustomerId, string PolicyName, string RuleName, SlaTarget Target, bool Breach, string Actions, bool NotifyManagers,
    DateTime AtUtc) : IIntegrationEvent;

/// <summary>Which recorded crossing of a target an escalation rule runs on.</summary>
public enum SlaEscalationTrigger
{
    Warning,
    Breach,

    /// <summary>The warning and the breach, each once.</summary>
    WarningOrBreach,
}

/// <summary>
/// An escalation rule of an SLA policy: on a recorded <see cref="On"/> crossing of <see cref="Target"/> (null: any target),
/// reassign the case (to a queue, routed by its strategy, or to an agent), raise its priority (one step, or to a level) and/or
/// notify every Manager in the app. Rules run in order; each at most once per crossing.
/// </summary>
public sealed record SlaEscalationRuleDto
{
    public string? Name { get; init; }

    public SlaEscalationTrigger On { get; init; } = SlaEscalationTrigger.Breach;

    // No XML summary: the OpenAPI document would put it on the shared SlaTarget schema or not depending on which use it met
    // first (see SlaTarget); the record's summary says what a null target means.
    public SlaTarget? Target { get; init; }

    /// <summary>Move the case to this queue; routing picks the owner by the queue's strategy (the owner stays when nobody can take it).</summary>
    public long? ReassignToQueueId { get; init; }

    /// <summary>Give the case to this ServiceAgent, Manager or Admin (not together with a queue).</summary>
    public string? ReassignToAgentId { get; init; }

    /// <summary>Raise the priority one step (Low to Normal, Normal to High, High to Urgent).</summary>
    public bool RaisePriorityOneStep { get; init; }

    /// <summary>Raise the priority to this level (never lowers it; not together with one step).</summary>
    public CasePriority? RaisePriorityTo { get; init; }

    /// <summary>Notify every Manager in the app (the bell).</summary>
    public bool NotifyManagers { get; init; }
}
/// <summary>One working period of a weekday in the calendar's local time, "HH:mm" (End may be "24:00").</summary>
public sealed record WorkingPeriodDto(DayOfWeek Day, string Start, string End);

/// <summary>A holiday: a local date, optionally every year on the same month and day.</summary>
public sealed record HolidayDto(DateOnly Date, string? Name, bool RecursYearly);

/// <summary>A business calendar as stored. <see cref="Version"/> is the ETag for If-Match on changes.</summary>
public sealed record BusinessCalendarDto(
    long Id, string Name, string TimeZoneId, bool IsTwentyFourSeven, IReadOnlyList<WorkingPeriodDto> Periods,
    IReadOnlyList<HolidayDto> Holidays, int PolicyCount, Guid Version) : IVersioned;

/// <summary>A business calendar as a Manager defines it: periods and holidays are ignored for a 24x7 calendar.</summary>
public sealed record BusinessCalendarInput
{
    public string? Name { get; init; }

    /// <summary>An IANA time zone id such as Europe/Berlin.</summary>
    public string? TimeZoneId { get; init; }

    public bool IsTwentyFourSeven { get; init; }

    public IReadOnlyList<WorkingPeriodDto> Periods { get; init; } = [];

    public IReadOnlyList<HolidayDto> Holidays { get; init; } = [];
}

/// <summary>An SLA policy as stored, in match order (<see cref="Position"/>).</summary>
public sealed record SlaPolicyDto(
    long Id, string Name, int Position, bool IsActive, CasePriority? Priority, string? Category, long CalendarId, string CalendarName,
    int? FirstResponseMinutes, int? NextResponseMinutes, int? ResolutionMinutes, int WarningPercent, bool PauseWhenPendingCustomer,
    bool PauseWhenPendingThirdParty, Guid Version, CustomerTier? MinimumTier = null, long? QueueId = null, string? QueueName = null,
    bool UseQueueCalendar = false, IReadOnlyList<SlaEscalationRuleDto>? EscalationRules = null) : IVersioned;

/// <summary>
/// An SLA policy as a Manager defines it: which cases it applies to (empty criteria match every case), its calendar and its
/// targets in business minutes (empty: no such target).
/// </summary>
public sealed record SlaPolicyInput
{
    public string? Name { get; init; }

    /// <summary>Applies to cases of this priority only (empty: any).</summary>
    public CasePriority? Priority { get; init; }

    /// <summary>Applies to cases of this category only, ignoring case (empty: any).</summary>
    public string? Category { get; init; }

    /// <summary>Applies to customers of this spend tier or better (Analytics' tier by spend; empty: any customer).</summary>
    public CustomerTier? MinimumTier { get; init; }

    /// <summary>Applies to cases in this queue only (empty: any queue or none).</summary>
    public long? QueueId { get; init; }

    public long CalendarId { get; init; }

    /// <summary>Use the case's queue's working calendar when it has one; otherwise (no queue, or a queue without one) <see cref="CalendarId"/>.</summary>
    public bool UseQueueCalendar { get; init; }

    public int? FirstResponseMinutes { get; init; }

    public int? NextResponseMinutes { get; init; }

    public int? ResolutionMinutes { get; init; }

    /// <summary>Share of a target used at which it warns, 1-99 (default 75).</summary>
    public int WarningPercent { get; init; } = 75;

    public bool PauseWhenPendingCustomer { get; init; } = true;

    public bool PauseWhenPendingThirdParty { get; init; } = true;

    /// <summary>Escalation rules, run in this order on each recorded warning or breach (at most 10).</summary>
    public IReadOnlyList<SlaEscalationRuleDto> EscalationRules { get; init; } = [];
}
