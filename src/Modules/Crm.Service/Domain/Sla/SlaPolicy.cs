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
