using Crm.Analytics.Contracts;
using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>
/// A stored SLA policy: which cases it applies to (priority, category, the customer's spend tier or better, queue; empty
/// criteria match every case), its place in the match order, its calendar (or the case's queue's), its targets and its
/// escalation rules. The first active policy in order that matches a case is the case's policy (<see cref="FirstMatch"/>).
/// </summary>
internal sealed class ServiceSlaPolicy : AuditableEntity
{
    public const int NameLength = 100;
    public const int CategoryLength = 100;
    public const long DefaultId = 1;

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Place in the match order, from 1.</summary>
    public int Position { get; set; }

    public bool IsActive { get; private set; } = true;

    public CasePriority? Priority { get; private set; }

    public string? Category { get; private set; }

    /// <summary>Applies to customers of this spend tier or better (null: any customer, also one without a tier).</summary>
    public CustomerTier? MinimumTier { get; private set; }

    /// <summary>Applies to cases in this queue only (null: any queue or none).</summary>
    public long? QueueId { get; private set; }

    public long CalendarId { get; private set; }

    /// <summary>The case's queue's working calendar when it has one, else <see cref="CalendarId"/>.</summary>
    public bool UseQueueCalendar { get; private set; }

    /// <summary>Run in order on each recorded warning or breach of a case under the policy (stored as JSON).</summary>
    public IReadOnlyList<EscalationRule> EscalationRules { get; private set; } = [];

    public int? FirstResponseMinutes { get; private set; }

    public int? NextResponseMinutes { get; private set; }

    public int? ResolutionMinutes { get; private set; }

    public int WarningPercent { get; private set; } = SlaTargets.DefaultWarningPercent;

    public bool PauseWhenPendingCustomer { get; private set; } = true;

    public bool PauseWhenPendingThirdParty { get; private set; } = true;

    public SlaTargets Targets => new(FirstResponseMinutes, NextResponseMinutes, ResolutionMinutes, WarningPercent,
        PauseWhenPendingCustomer, PauseWhenPendingThirdParty);

    /// <summary>Whether a case with these facts falls under the policy (active or not). A tier criterion means "this tier or better".</summary>
    public bool Matches(SlaCaseFacts facts) =>
        (Priority is null || Priority == facts.Priority)
        && (Category is null || string.Equals(Category, facts.Category?.Trim(), StringComparison.OrdinalIgnoreCase))
        && (MinimumTier is null || facts.Tier >= MinimumTier)
        && (QueueId is null || QueueId == facts.QueueId);

    /// <summary>Whether a case of this priority and category, of a customer without a tier and in no queue, falls under the policy.</summary>
    public bool Matches(CasePriority priority, string? category) => Matches(new SlaCaseFacts(priority, category, CustomerTier.None, null));

    /// <summary>The first active policy in match order (position, then id) that a case with these facts falls under.</summary>
    public static ServiceSlaPolicy? FirstMatch(IEnumerable<ServiceSlaPolicy> policies, SlaCaseFacts facts) =>
        policies.Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).FirstOrDefault(p => p.Matches(facts));

    /// <summary>The first active policy for a case of this priority and category, of a customer without a tier and in no queue.</summary>
    public static ServiceSlaPolicy? FirstMatch(IEnumerable<ServiceSlaPolicy> policies, CasePriority priority, string? category) =>
        FirstMatch(policies, new SlaCaseFacts(priority, category, CustomerTier.None, null));

    /// <summary>
    /// Sets the tier and queue criteria and whether the queue's calendar is used; throws <see cref="ArgumentException"/> for a
    /// tier that is not one. False when nothing changed.
    /// </summary>
    public bool Scope(CustomerTier? minimumTier, long? queueId, bool useQueueCalendar)
    {
        if (minimumTier is { } tier && (!Enum.IsDefined(tier) || tier == CustomerTier.None))
        {
            throw new ArgumentException("A tier criterion is Bronze, Silver, Gold or Platinum (or none).", nameof(minimumTier));
        }

        if (MinimumTier == minimumTier && QueueId == queueId && UseQueueCalendar == useQueueCalendar)
        {
            return false;
        }

        MinimumTier = minimumTier;
        QueueId = queueId;
        UseQueueCalendar = useQueueCalendar;
        return true;
    }

    /// <summary>Replaces the escalation rules; throws <see cref="ArgumentException"/> when not valid. False when nothing changed.</summary>
    public bool Escalate(IReadOnlyList<EscalationRule> rules)
    {
        if (EscalationRule.Validate(rules) is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The escalation rules are not valid: {string.Join(" ", problems.Select(e => e.Message))}", nameof(rules));
        }

        var trimmed = rules.Select(r => r with { Name = r.Name.Trim(), ReassignToAgentId = string.IsNullOrWhiteSpace(r.ReassignToAgentId) ? null : r.ReassignToAgentId.Trim() }).ToList();
        if (trimmed.SequenceEqual(EscalationRules))
        {
            return false;
        }

        EscalationRules = trimmed;
        return true;
    }

    /// <summary>The problems of a policy definition, each naming its field; targets are checked by <see cref="SlaTargets.Validate"/>.</summary>
    public static OperationResult Validate(string? name, string? category, SlaTargets targets)
    {
        var problems = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new ValidationError(nameof(Name), "A policy needs a name."));
        }
        else if (name.Trim().Length > NameLength)
        {
            problems.Add(new ValidationError(nameof(Name), $"A policy's name has at most {NameLength} characters."));
        }

        if (category is not null && category.Trim().Length > CategoryLength)
        {
            problems.Add(new ValidationError(nameof(Category), $"A category has at most {CategoryLength} characters."));
        }

        problems.AddRange(targets.Validate().Errors);
        if (targets is { FirstResponseMinutes: null, NextResponseMinutes: null, ResolutionMinutes: null })
        {
            problems.Add(new ValidationError(nameof(FirstResponseMinutes), "A policy needs at least one target."));
        }

        return new OperationResult(problems);
    }

    public static ServiceSlaPolicy Create(string name, CasePriority? priority, string? category, long calendarId, SlaTargets targets, int position)
    {
        var created = new ServiceSlaPolicy { Position = position };
        created.Change(name, priority, category, calendarId, targets);
        return created;
    }

    /// <summary>Replaces criteria, calendar and targets; throws <see cref="ArgumentException"/> when not valid. False when nothing changed.</summary>
    public bool Change(string name, CasePriority? priority, string? category, long calendarId, SlaTargets targets)
    {
        var problems = Validate(name, category, targets);
        if (!problems.Succeeded)
        {
            throw new ArgumentException($"The SLA policy is not valid: {string.Join(" ", problems.Errors.Select(e => e.Message))}");
        }

        var trimmedCategory = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (Name == name.Trim() && Priority == priority && Category == trimmedCategory && CalendarId == calendarId && Targets == targets)
        {
            return false;
        }

        Name = name.Trim();
        Priority = priority;
        Category = trimmedCategory;
        CalendarId = calendarId;
        FirstResponseMinutes = targets.FirstResponseMinutes;
        NextResponseMinutes = targets.NextResponseMinutes;
        ResolutionMinutes = targets.ResolutionMinutes;
        WarningPercent = targets.WarningPercent;
        PauseWhenPendingCustomer = targets.PauseWhenPendingCustomer;
        PauseWhenPendingThirdParty = targets.PauseWhenPendingThirdParty;
        return true;
    }

    /// <summary>New cases no longer get the policy; open cases that have it keep it. False when it was inactive already.</summary>
    public bool Deactivate()
    {
        var was = IsActive;
        IsActive = false;
        return was;
    }

    public bool Activate()
    {
        var was = IsActive;
        IsActive = true;
        return !was;
    }

    public SlaPolicyDefinition Definition(ServiceCalendar calendar) => new(Name, Targets, calendar.Definition);

    /// <summary>
    /// The definition for a case in <paramref name="queueName"/> (null: no queue) whose queue has <paramref name="queueCalendar"/>
    /// (null: none): the queue's calendar when the policy says so and there is one, else the policy's own; with the reason.
    /// </summary>
    public SlaPolicyDefinition Definition(ServiceCalendar own, string? queueName, ServiceCalendar? queueCalendar)
    {
        if (!UseQueueCalendar)
        {
            return new(Name, Targets, own.Definition, $"the policy's calendar \"{own.Name}\"");
        }

        return queueName is null
            ? new(Name, Targets, own.Definition, $"the policy's calendar \"{own.Name}\": the policy uses the queue's calendar, but the case is in no queue")
            : queueCalendar is null
                ? new(Name, Targets, own.Definition, $"the policy's calendar \"{own.Name}\": the policy uses the queue's calendar, but queue \"{queueName}\" has none")
                : new(Name, Targets, queueCalendar.Definition, $"the working calendar of queue \"{queueName}\", as the policy uses the queue's calendar");
    }

    /// <summary>The seeded default: matches every case, 24x7, first response 4 h, next response 8 h, resolution 3 days.</summary>
    internal static ServiceSlaPolicy SeedDefault() => new()
    {
        Id = DefaultId,
        Name = "Standard",
        Position = 1,
        IsActive = true,
        CalendarId = ServiceCalendar.DefaultId,
        FirstResponseMinutes = 4 * 60,
        NextResponseMinutes = 8 * 60,
        ResolutionMinutes = 3 * 24 * 60,
        WarningPercent = SlaTargets.DefaultWarningPercent,
        PauseWhenPendingCustomer = true,
        PauseWhenPendingThirdParty = true,
        CreatedAtUtc = SlaSeed.At,
        ModifiedAtUtc = SlaSeed.At,
        CreatedBy = "system",
        ModifiedBy = "system",
        Version = SlaSeed.PolicyVersion,
    };
}

/// <summary>What SLA policies match on: the case's priority, category and queue, and its customer's spend tier.</summary>
internal sealed record SlaCaseFacts(CasePriority Priority, string? Category, CustomerTier Tier, long? QueueId);

/// <summary>Fixed values of the seeded rows (migrations need constants).</summary>
internal static class SlaSeed
{
    public static readonly DateTime At = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly Guid CalendarVersion = new("5b0a3c8e-2f6d-4e51-9a7c-0c1d2e3f4a51");
    public static readonly Guid PolicyVersion = new("7c1b4d9f-3a7e-4f62-8b8d-1d2e3f4a5b62");
}
