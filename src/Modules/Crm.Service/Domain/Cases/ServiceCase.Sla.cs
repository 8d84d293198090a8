using System.Globalization;
using Crm.Service.Contracts;
using Crm.Service.Domain.Sla;
using ClockState = Crm.Service.Domain.Sla.SlaState;

namespace Crm.Service.Domain.Cases;

/// <summary>
/// A case's SLA: the policy chosen when it opened, the policy definitions in force on it over time (so a later change of the
/// policy or its calendar keeps the time used before it), and the figures of the last evaluation in indexed columns: the
/// deadlines and warning instants of its targets, its overall state, and the next instant at which a target crosses a
/// threshold not yet recorded (<see cref="SlaNextCheckAtUtc"/>, what the sweep asks for). Warnings and breaches are
/// recorded once per target on the thread (<see cref="SlaRecorded"/> remembers which).
/// </summary>
internal sealed partial class ServiceCase
{
    public const string SlaActor = "system:sla";

    public long? SlaPolicyId { get; private set; }

    public string? SlaPolicyName { get; private set; }

    /// <summary>The policy definitions in force on the case, oldest first, as JSON (<see cref="SlaDefinitionJson"/>).</summary>
    public string SlaPolicies { get; private set; } = "[]";

    public DateTime? FirstResponseDueAtUtc { get; private set; }

    public DateTime? FirstResponseWarningAtUtc { get; private set; }

    public DateTime? NextResponseDueAtUtc { get; private set; }

    public DateTime? NextResponseWarningAtUtc { get; private set; }

    public DateTime? ResolutionDueAtUtc { get; private set; }

    public DateTime? ResolutionWarningAtUtc { get; private set; }

    /// <summary>
    /// The deadline the case works against now: the earliest of its targets that is neither met nor paused (a breached one
    /// included); null when none runs (all met, resolved, or waiting on the customer). What lists show and sort by.
    /// </summary>
    public DateTime? SlaDueAtUtc { get; private set; }

    /// <summary>The earliest instant at which a target crosses a threshold not yet recorded; null when none is ahead.</summary>
    public DateTime? SlaNextCheckAtUtc { get; private set; }

    public CaseSlaState SlaState { get; private set; }

    /// <summary>Thresholds recorded on the thread, e.g. <c>FirstResponse:W|Resolution:B|NextResponse@639000000000000000:W</c>.</summary>
    public string SlaRecorded { get; private set; } = "";

    /// <summary>The policy definitions in force over the case's life, parsed once per stored value (the clock reads them several times per evaluation).</summary>
    public IReadOnlyList<AppliedDefinition> SlaDefinitions
    {
        get
        {
            if (parsedDefinitions is not { } parsed || !ReferenceEquals(parsed.Json, SlaPolicies))
            {
                parsedDefinitions = parsed = (SlaPolicies, SlaDefinitionJson.Read(SlaPolicies));
            }

            return parsed.Definitions;
        }
    }

    private (string Json, IReadOnlyList<AppliedDefinition> Definitions)? parsedDefinitions;

    /// <summary>
    /// Puts <paramref name="definition"/> in force from <paramref name="fromUtc"/> (not before the case opened or the last
    /// definition started). False when it is in force already.
    /// </summary>
    public bool ApplySlaPolicy(long policyId, SlaPolicyDefinition definition, DateTime fromUtc)
    {
        var applied = SlaDefinitions.ToList();
        if (applied.Count > 0 && SlaPolicyId == policyId && applied[^1].Policy.SameAs(definition))
        {
            return false;
        }

        var from = new[] { fromUtc, OpenedAtUtc, applied.Count > 0 ? applied[^1].FromUtc : DateTime.MinValue }.Max();
        if (applied.Count > 0 && applied[^1].FromUtc == from)
        {
            applied[^1] = new AppliedDefinition(from, definition);
        }
        else
        {
            applied.Add(new AppliedDefinition(from, definition));
        }

        SlaPolicyId = policyId;
        SlaPolicyName = definition.Name;
        SlaPolicies = SlaDefinitionJson.Write(applied);
        return true;
    }

    /// <summary>The history the SLA clock reads from the thread entries: replies, customer messages, notes, status changes.</summary>
    public static CaseHistory SlaHistory(DateTime openedAtUtc, IEnumerable<(DateTime AtUtc, CaseEntryKind Kind, CaseStatus? Status)> entries) =>
        new(openedAtUtc, [.. entries.Select(e => e.Kind switch
        {
            CaseEntryKind.PublicReply => CaseEvent.PublicReply(e.AtUtc),
            CaseEntryKind.CustomerMessage => CaseEvent.CustomerMessage(e.AtUtc),
            CaseEntryKind.InternalNote => CaseEvent.InternalNote(e.AtUtc),
            _ => e.Status is { } status ? CaseEvent.StatusChanged(e.AtUtc, status) : null,
        }).OfType<CaseEvent>()]);

    /// <summary>The SLA report at <paramref name="nowUtc"/>, or null when no policy applies to the case.</summary>
    public SlaReport? EvaluateSla(CaseHistory history, DateTime nowUtc)
    {
        var applied = SlaDefinitions;
        return applied.Count == 0
            ? null
            : SlaClock.Evaluate([.. applied.Select(a => new AppliedPolicy(a.FromUtc, a.Policy.ToPolicy()))], history, nowUtc);
    }

    /// <summary>
    /// Stores the figures of <paramref name="report"/>. With <paramref name="record"/>, records on the thread every warning and
    /// breach reached and not recorded yet (warning before breach) and returns them; a warning whose target no longer has its
    /// warning share used (the policy or calendar changed) is cleared, so it can warn again.
    /// </summary>
    public IReadOnlyList<SlaCrossing> UpdateSla(SlaReport? report, DateTime nowUtc, bool record)
    {
        var targets = report?.Targets.ToList() ?? [];
        var keys = targets.ToDictionary(t => t, Key);
        var recorded = SlaRecorded.Length == 0 ? new List<string>() : [.. SlaRecorded.Split('|')];
        var crossings = new List<SlaCrossing>();

        // Forget thresholds of targets that are gone (an answered next-response cycle) or no longer reached (a stale warning).
        recorded.RemoveAll(marker => !targets.Any(t => marker == keys[t] + ":B"
            || (marker == keys[t] + ":W" && (t.MetAtUtc is not null || t.Used >= WarningShare(t)))));

        if (record)
        {
            foreach (var target in targets)
            {
                if (target.MetAtUtc is null && target.Used >= WarningShare(target) && !recorded.Contains(keys[target] + ":W"))
                {
                    recorded.Add(keys[target] + ":W");
                    crossings.Add(RecordCrossing(target, breach: false, nowUtc));
                }

                if (target.State == ClockState.Breached && !recorded.Contains(keys[target] + ":B"))
                {
                    recorded.Add(keys[target] + ":B");
                    crossings.Add(RecordCrossing(target, breach: true, nowUtc));
                }
            }
        }

        DateTime? next = null;
        foreach (var target in targets)
        {
            if (target.MetAtUtc is null && !recorded.Contains(keys[target] + ":W"))
            {
                next = Earliest(next, target.Used >= WarningShare(target) ? nowUtc : target.WarningAtUtc);
            }

            if (!recorded.Contains(keys[target] + ":B"))
            {
                next = Earliest(next, target.State == ClockState.Breached ? nowUtc : target.MetAtUtc is null ? target.DueAtUtc : null);
            }
        }

        FirstResponseDueAtUtc = report?.FirstResponse?.DueAtUtc;
        FirstResponseWarningAtUtc = report?.FirstResponse?.WarningAtUtc;
        NextResponseDueAtUtc = report?.NextResponse?.DueAtUtc;
        NextResponseWarningAtUtc = report?.NextResponse?.WarningAtUtc;
        ResolutionDueAtUtc = report?.Resolution?.DueAtUtc;
        ResolutionWarningAtUtc = report?.Resolution?.WarningAtUtc;
        SlaDueAtUtc = targets.Where(t => t.MetAtUtc is null && t.State != ClockState.Paused).Min(t => t.DueAtUtc);
        SlaNextCheckAtUtc = next;
        SlaState = Overall(targets);
        SlaRecorded = string.Join('|', recorded);
        StoreReportFigures(report);
        return crossings;
    }

    /// <summary>The state of the case as a whole: the most pressing of its targets.</summary>
    public static CaseSlaState Overall(IEnumerable<SlaTargetStatus> targets) =>
        targets.Select(t => ToContract(t.State)).DefaultIfEmpty(CaseSlaState.None).Max();

    public static CaseSlaState ToContract(ClockState state) => state switch
    {
        ClockState.Running => CaseSlaState.Running,
        ClockState.Paused => CaseSlaState.Paused,
        ClockState.Met => CaseSlaState.Met,
        ClockState.Warning => CaseSlaState.Warning,
        _ => CaseSlaState.Breached,
    };

    public static SlaTarget ToContract(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => SlaTarget.FirstResponse,
        SlaTargetKind.NextResponse => SlaTarget.NextResponse,
        _ => SlaTarget.Resolution,
    };

    private SlaCrossing RecordCrossing(SlaTargetStatus target, bool breach, DateTime nowUtc)
    {
        var name = target.Kind switch
        {
            SlaTargetKind.FirstResponse => "first response",
            SlaTargetKind.NextResponse => "next response",
            _ => "resolution",
        };
        var due = target.DueAtUtc ?? nowUtc;
        var dueText = due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var body = breach
            ? $"SLA breached: {name} was due {dueText} UTC ({target.Target.TotalMinutes:0} business minutes)."
            : $"SLA warning: {target.Explanation.WarningPercent} % of the {name} target used; due {dueText} UTC.";
        var threshold = breach ? due : target.WarningAtUtc ?? nowUtc;
        Thread.Add(CaseEntry.Write(CaseEntryKind.SystemEvent, body, null, SlaActor, nowUtc));
        return new SlaCrossing(ToContract(target.Kind), breach, threshold, due);
    }

    private static TimeSpan WarningShare(SlaTargetStatus target) =>
        TimeSpan.FromTicks(target.Target.Ticks * target.Explanation.WarningPercent / 100);

    private static string Key(SlaTargetStatus target) => target.Kind == SlaTargetKind.NextResponse
        ? string.Create(CultureInfo.InvariantCulture, $"{target.Kind}@{target.StartedAtUtc.Ticks}")
        : target.Kind.ToString();

    private static DateTime? Earliest(DateTime? current, DateTime? candidate) =>
        candidate is not { } value ? current : current is { } c && c <= value ? c : value;
}

/// <summary>A warning or breach recorded on a case's thread: which target, which threshold, when it was due.</summary>
internal sealed record SlaCrossing(SlaTarget Target, bool Breach, DateTime ThresholdAtUtc, DateTime DueAtUtc);
