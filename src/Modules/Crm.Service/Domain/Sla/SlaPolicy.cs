using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>
/// What the clock needs of an SLA policy: its name, its calendar and its targets. Which cases it applies to and its
/// order among policies belong to the stored policy, not to the clock.
/// </summary>
internal sealed record SlaPolicy
{
    public SlaPolicy(string name, BusinessCalendar calendar, SlaTargets targets)
    {
        var problems = targets.Validate();
        if (!problems.Succeeded)
        {
            throw new ArgumentException($"The targets of SLA policy '{name}' are not valid: {problems}", nameof(targets));
        }

        Name = name;
        Calendar = calendar;
        Targets = targets;
    }

    public string Name { get; }

    public BusinessCalendar Calendar { get; }

    public SlaTargets Targets { get; }
}

/// <summary>
/// A policy in force on a case from an instant on. A case keeps the list: when a manager changes the policy or its
/// calendar, a new entry starts, the time used so far stays measured by the old one, and only what follows uses the new.
/// </summary>
internal sealed record AppliedPolicy(DateTime FromUtc, SlaPolicy Policy);

/// <summary>Which target of a policy.</summary>
internal enum SlaTargetKind
{
    FirstResponse,
    NextResponse,
    Resolution,
}

/// <summary>Where a target stands at the evaluation instant.</summary>
internal enum SlaState
{
    /// <summary>The clock runs and less than the warning share of the target is used.</summary>
    Running,

    /// <summary>The clock stands (pending, or the case is resolved or closed without the target met).</summary>
    Paused,

    /// <summary>Met within the target.</summary>
    Met,

    /// <summary>Running with at least the warning share of the target used.</summary>
    Warning,

    /// <summary>The whole target is used: overdue, or met late.</summary>
    Breached,
}
