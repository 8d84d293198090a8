using Crm.Kernel.Errors;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Sla;

/// <summary>
/// An escalation rule of an SLA policy (stored as JSON with the policy): the crossing it runs on and what it does. The
/// checks that need the database (queue and agent exist) belong to the caller; <see cref="Validate"/> checks the rest.
/// </summary>
internal sealed record EscalationRule(
    string Name,
    SlaEscalationTrigger On,
    SlaTarget? Target,
    long? ReassignToQueueId,
    string? ReassignToAgentId,
    bool RaisePriorityOneStep,
    CasePriority? RaisePriorityTo,
    bool NotifyManagers)
{
    public const int NameLength = 100;
    public const int MaxPerPolicy = 10;

    /// <summary>Whether the rule runs on this recorded crossing.</summary>
    public bool RunsOn(SlaTarget target, bool breach) =>
        (Target is null || Target == target)
        && On switch
        {
            SlaEscalationTrigger.Warning => !breach,
            SlaEscalationTrigger.Breach => breach,
            _ => true,
        };

    /// <summary>The priority after the rule from <paramref name="current"/>: never lower, Urgent at most.</summary>
    public CasePriority RaisedPriority(CasePriority current) =>
        RaisePriorityOneStep ? (current == CasePriority.Urgent ? current : current + 1)
        : RaisePriorityTo is { } to && to > current ? to
        : current;

    /// <summary>What the rule runs on, in words: "the resolution breach", "any warning or breach".</summary>
    public string TriggerText
    {
        get
        {
            var on = On switch
            {
                SlaEscalationTrigger.Warning => "warning",
                SlaEscalationTrigger.Breach => "breach",
                _ => "warning or breach",
            };
            return Target is { } target ? $"the {TargetName(target)} {on}" : $"any {on}";
        }
    }

    public static string TargetName(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => "first response",
        SlaTarget.NextResponse => "next response",
        _ => "resolution",
    };

    /// <summary>The problems of the rules at <c>EscalationRules[i].Field</c>.</summary>
    public static IReadOnlyList<ValidationError> Validate(IReadOnlyList<EscalationRule> rules)
    {
        var problems = new List<ValidationError>();
        if (rules.Count > MaxPerPolicy)
        {
            problems.Add(new ValidationError("EscalationRules", $"A policy has at most {MaxPerPolicy} escalation rules."));
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"EscalationRules[{i}].";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                problems.Add(new ValidationError(at + nameof(Name), "An escalation rule needs a name."));
            }
            else if (rule.Name.Trim().Length > NameLength)
            {
                problems.Add(new ValidationError(at + nameof(Name), $"A rule's name has at most {NameLength} characters."));
            }
            else if (rules.Take(i).Any(r => string.Equals(r.Name?.Trim(), rule.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new ValidationError(at + nameof(Name), $"Another rule of this policy is named '{rule.Name.Trim()}'."));
            }

            if (!Enum.IsDefined(rule.On))
            {
                problems.Add(new ValidationError(at + nameof(On), "Choose warning, breach, or both."));
            }

            if (rule.Target is { } target && !Enum.IsDefined(target))
            {
                problems.Add(new ValidationError(at + nameof(Target), "Choose a target or any."));
            }

            if (rule.ReassignToQueueId is not null && rule.ReassignToAgentId is not null)
            {
                problems.Add(new ValidationError(at + nameof(ReassignToAgentId), "Reassign to a queue or to an agent, not both."));
            }

            if (rule.RaisePriorityOneStep && rule.RaisePriorityTo is not null)
            {
                problems.Add(new ValidationError(at + nameof(RaisePriorityTo), "Raise the priority one step or to a level, not both."));
            }
            else if (rule.RaisePriorityTo is { } to && (!Enum.IsDefined(to) || to == CasePriority.Low))
            {
                problems.Add(new ValidationError(at + nameof(RaisePriorityTo), "Raise the priority to Normal, High or Urgent."));
            }

            if (rule is { ReassignToQueueId: null, ReassignToAgentId: null, RaisePriorityOneStep: false, RaisePriorityTo: null, NotifyManagers: false })
            {
                problems.Add(new ValidationError(at + "Actions", "An escalation rule needs at least one action: reassign, raise the priority or notify the Managers."));
            }
        }

        return problems;
    }
}
