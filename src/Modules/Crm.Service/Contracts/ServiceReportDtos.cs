namespace Crm.Service.Contracts;

/// <summary>
/// The service report of a period (whole UTC days <see cref="From"/> to <see cref="To"/>, both included), optionally of one
/// queue. Business times are the minutes the SLA clock counted (the policy's calendar, pauses excluded), so only cases with
/// an SLA policy have them. Every figure's definition is in <see cref="ServiceReportDefinitions"/>.
/// </summary>
public sealed record ServiceReport(
    DateOnly From,
    DateOnly To,
    long? QueueId,
    string? QueueName,
    int Created,
    int Resolved,
    int Backlog,
    IReadOnlyList<BacklogRow> BacklogByQueue,
    IReadOnlyList<DayCount> Days,
    BusinessTimes FirstResponse,
    BusinessTimes Resolution,
    IReadOnlyList<PriorityTimes> TimesByPriority,
    Attainment Overall,
    IReadOnlyList<Attainment> AttainmentByPolicy,
    IReadOnlyList<Attainment> AttainmentByQueue,
    IReadOnlyList<Attainment> AttainmentByAgent,
    int BreachCount,
    IReadOnlyList<BreachRow> Breaches,
    ReopenFigures Reopens,
    IReadOnlyList<CasesByTierRow> Tiers)
{
    /// <summary>The breaches list holds at most this many cases (the most recent); <see cref="BreachCount"/> counts them all.</summary>
    public const int MaxBreaches = 200;

    /// <summary>True when nothing happened in the period and nothing is open: the page shows an empty state.</summary>
    public bool IsEmpty => Created == 0 && Resolved == 0 && Backlog == 0 && BreachCount == 0;
}

/// <summary>Open cases of a queue (null id: cases in no queue) by priority, now.</summary>
public sealed record BacklogRow(long? QueueId, string Queue, int Low, int Normal, int High, int Urgent)
{
    public int Total => Low + Normal + High + Urgent;
}

/// <summary>Cases opened and resolved on one UTC day.</summary>
public sealed record DayCount(DateOnly Day, int Created, int Resolved);

/// <summary>Business minutes over <see cref="Cases"/> cases: median and 90th percentile by nearest rank (null without cases).</summary>
public sealed record BusinessTimes(int Cases, double? MedianMinutes, double? P90Minutes);

/// <summary>First-response and resolution business times of one priority.</summary>
public sealed record PriorityTimes(CasePriority Priority, BusinessTimes FirstResponse, BusinessTimes Resolution);

/// <summary>
/// SLA attainment of a group (a policy, a queue, an agent, or everything): of its <see cref="Cases"/> cases with an SLA
/// policy resolved in the period, <see cref="Kept"/> breached no target; <see cref="Percent"/> = Kept / Cases × 100.
/// </summary>
public sealed record Attainment(string? Key, string Name, int Cases, int Kept)
{
    public int Breached => Cases - Kept;

    public double? Percent => Cases == 0 ? null : Math.Round(100.0 * Kept / Cases, 1);
}

/// <summary>A case that breached an SLA target in the period: when (the deadline first missed) and which targets.</summary>
public sealed record BreachRow(
    long CaseId, string Number, string Subject, long CustomerId, string Customer, string? Queue, string? Owner, string? Policy,
    CasePriority Priority, CaseStatus Status, DateTime BreachedAtUtc, bool FirstResponse, bool Resolution);

/// <summary>Of the <see cref="Resolved"/> cases resolved in the period, <see cref="Reopened"/> were reopened at least once.</summary>
public sealed record ReopenFigures(int Resolved, int Reopened)
{
    public double? Percent => Resolved == 0 ? null : Math.Round(100.0 * Reopened / Resolved, 1);
}

/// <summary>
/// Cases opened in the period by the customer's tier by spend (Analytics' stored tier today): customers and cases, the
/// average first-response business minutes of those answered, and the SLA attainment of those resolved.
/// </summary>
public sealed record CasesByTierRow(
    string Tier, int Customers, int Cases, int Answered, double? AverageFirstResponseMinutes, int SlaResolved, int SlaKept)
{
    public double CasesPerCustomer => Customers == 0 ? 0 : Math.Round((double)Cases / Customers, 2);

    public double? AttainmentPercent => SlaResolved == 0 ? null : Math.Round(100.0 * SlaKept / SlaResolved, 1);
}

/// <summary>How each figure of the service report is computed: the page's tooltips and the API documentation say the same.</summary>
public static class ServiceReportDefinitions
{
    public const string Period = "Whole days in UTC from the first to the last day, both included; at most 12 months.";

    public const string Created = "Cases opened in the period (their opening instant is in it).";

    public const string Resolved = "Cases whose last resolution is in the period (resolved then, and resolved or closed now).";

    public const string Backlog = "Cases open now (New, Open, Pending customer, Pending third party), whatever the period, by queue and priority.";

    public const string Daily = "Per UTC day of the period: cases opened that day and cases whose last resolution was that day.";

    public const string FirstResponse =
        "Business minutes the SLA clock counted from the case's opening to the first public agent reply (notes, auto-replies and status changes do not count), in the policy's calendar. Over the cases first answered in the period that have an SLA policy with a first-response target. Median and 90th percentile by nearest rank: the value at rank ⌈0.5 × N⌉ and ⌈0.9 × N⌉ of the sorted times.";

    public const string Resolution =
        "Business minutes the SLA clock counted from the opening to the resolution, without the time the case was pending (customer or third party, as the policy says), in the policy's calendar. Over the cases resolved in the period that have an SLA policy with a resolution target. Median and 90th percentile by nearest rank.";

    public const string Attainment =
        "Of the cases with an SLA policy resolved in the period, the share that breached no target (first response, next response, resolution): kept ÷ cases × 100. By the policy in force, the queue, and the owner when resolved.";

    public const string Breaches =
        "Cases whose first missed deadline (of any target) is in the period, most recent first; the targets marked are those breached (first response, resolution; otherwise a next response).";

    public const string Reopens = "Of the cases resolved in the period, the share reopened at least once (a customer answered within the reopen window, or an agent reopened it).";

    public const string Tiers =
        "Cases opened in the period by the customer's tier by spend (as Analytics stored it at its last recompute; None = no purchases or no figures). Cases per customer = cases ÷ customers with a case. Average first response = mean business minutes of those cases answered so far. SLA attainment = share of those with a policy and resolved that breached no target.";
}

/// <summary>The tables of the service report, each exportable as CSV.</summary>
public enum ServiceReportTable
{
    Backlog,
    Daily,
    Times,
    Attainment,
    Breaches,
    Tiers,
}
