using Crm.Service.Domain.Sla;
using ClockState = Crm.Service.Domain.Sla.SlaState;

namespace Crm.Service.Domain.Cases;

/// <summary>
/// The figures the service reports aggregate, stored with each SLA evaluation so the reports read indexed columns in SQL
/// instead of replaying threads: the business minutes the first-response and resolution clocks used until the target was
/// met, whether each was breached, and when the case first breached a target.
/// </summary>
internal sealed partial class ServiceCase
{
    /// <summary>Business minutes the first-response clock used until the first public reply; null while unanswered or without a target.</summary>
    public double? FirstResponseBusinessMinutes { get; private set; }

    /// <summary>True when the first-response target was breached (overdue or met late), false when met in time, null while undecided.</summary>
    public bool? FirstResponseBreached { get; private set; }

    /// <summary>Business minutes the resolution clock used until the case was resolved (pauses not counted); null while unresolved or without a target.</summary>
    public double? ResolutionBusinessMinutes { get; private set; }

    /// <summary>True when the resolution target was breached (overdue or resolved late), false when resolved in time, null while undecided.</summary>
    public bool? ResolutionBreached { get; private set; }

    /// <summary>The deadline of the first target the case breached (any target, next responses included); never cleared, like the breach on the thread.</summary>
    public DateTime? SlaBreachedAtUtc { get; private set; }

    /// <summary>Stores the report figures of an SLA evaluation (called by <see cref="UpdateSla"/>).</summary>
    private void StoreReportFigures(SlaReport? report)
    {
        (FirstResponseBusinessMinutes, FirstResponseBreached) = Outcome(report?.FirstResponse);
        (ResolutionBusinessMinutes, ResolutionBreached) = Outcome(report?.Resolution);
        foreach (var target in report?.Targets ?? [])
        {
            if (target.State == ClockState.Breached && target.DueAtUtc is { } due && (SlaBreachedAtUtc is not { } first || due < first))
            {
                SlaBreachedAtUtc = due;
            }
        }
    }

    private static (double? Minutes, bool? Breached) Outcome(SlaTargetStatus? target) => target switch
    {
        null => (null, null),
        { MetAtUtc: not null } => (Math.Round(target.Used.TotalMinutes, 2), target.State == ClockState.Breached),
        { State: ClockState.Breached } => (null, true),
        _ => (null, null),
    };
}
