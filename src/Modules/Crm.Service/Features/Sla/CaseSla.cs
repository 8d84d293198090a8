using Crm.Analytics.Contracts;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Sla;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Applies SLA policies to cases: chooses the policy of a new case, keeps a case's policy definition current after a
/// Manager changed it, and recomputes the case's stored SLA figures from its thread with <see cref="SlaClock"/>.
/// </summary>
internal static class CaseSla
{
    /// <summary>
    /// Puts the first matching active policy in force on a new case of a customer of <paramref name="tier"/> (none: the case has
    /// no SLA) and computes its figures.
    /// </summary>
    public static async Task ApplyToNewCaseAsync(CrmDbContext db, ServiceCase opened, CustomerTier tier, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (await ChooseAsync(db, opened, tier, cancellationToken) is { } policy)
        {
            var (definition, _) = await DefinitionAsync(new SlaReads(db), policy, opened, cancellationToken);
            opened.ApplySlaPolicy(policy.Id, definition, opened.OpenedAtUtc);
        }

        await RefreshAsync(db, opened, nowUtc, record: false, cancellationToken);
    }

    /// <summary>
    /// Chooses the case's policy again after its priority, category or queue changed: the first matching active policy is in
    /// force from <paramref name="nowUtc"/> on (the time used before stays measured by the old one); with none matching, the
    /// case keeps its policy. Returns whether the policy changed; the caller recomputes the figures.
    /// </summary>
    public static async Task<bool> RechooseAsync(CrmDbContext db, ServiceCase serviceCase, CustomerTier tier, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (serviceCase.Status is CaseStatus.Resolved or CaseStatus.Closed
            || await ChooseAsync(db, serviceCase, tier, cancellationToken) is not { } policy
            || policy.Id == serviceCase.SlaPolicyId)
        {
            return false;
        }

        var (definition, _) = await DefinitionAsync(new SlaReads(db), policy, serviceCase, cancellationToken);
        return serviceCase.ApplySlaPolicy(policy.Id, definition, nowUtc);
    }

    /// <summary>
    /// After an agent changed the case's priority or category (an edit, a macro): the policy chosen again from now on when
    /// another matches, else the current one kept up to date; the figures recomputed.
    /// </summary>
    public static async Task AfterTriageAsync(CrmDbContext db, ServiceCase serviceCase, CustomerTier tier, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (await RechooseAsync(db, serviceCase, tier, nowUtc, cancellationToken))
        {
            await RefreshAsync(db, serviceCase, nowUtc, record: false, cancellationToken);
        }
        else
        {
            await CatchUpAsync(db, serviceCase, nowUtc, record: false, cancellationToken);
        }
    }

    private static async Task<ServiceSlaPolicy?> ChooseAsync(CrmDbContext db, ServiceCase serviceCase, CustomerTier tier, CancellationToken cancellationToken)
    {
        var policies = await db.Set<ServiceSlaPolicy>().AsNoTracking().Where(p => p.IsActive).ToListAsync(cancellationToken);
        return ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(serviceCase.Priority, serviceCase.Category, tier, serviceCase.QueueId));
    }

    /// <summary>
    /// The policy's definition for the case (its own calendar, or its queue's when the policy says so and the queue has one) and
    /// when the rules it is made of last changed.
    /// </summary>
    private static async Task<(SlaPolicyDefinition Definition, DateTime ChangedAtUtc)> DefinitionAsync(
        SlaReads reads, ServiceSlaPolicy policy, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        var own = await reads.CalendarAsync(policy.CalendarId, cancellationToken)
            ?? throw new InvalidOperationException($"Policy '{policy.Name}' names calendar {policy.CalendarId}, which does not exist.");
        var changedAt = policy.ModifiedAtUtc > own.ModifiedAtUtc ? policy.ModifiedAtUtc : own.ModifiedAtUtc;
        if (!policy.UseQueueCalendar)
        {
            return (policy.Definition(own, null, null), changedAt);
        }

        var queue = serviceCase.QueueId is { } queueId ? await reads.QueueAsync(queueId, cancellationToken) : null;
        var queueCalendar = queue?.CalendarId is { } calendarId ? await reads.CalendarAsync(calendarId, cancellationToken) : null;
        foreach (var at in new[] { queue?.ModifiedAtUtc, queueCalendar?.ModifiedAtUtc })
        {
            if (at is { } value && value > changedAt)
            {
                changedAt = value;
            }
        }

        return (policy.Definition(own, queue?.Name, queueCalendar), changedAt);
    }

    /// <summary>
    /// Brings the case's policy definition up to date (a change counts from when the policy or its calendar was saved) and
    /// recomputes its figures; with <paramref name="record"/>, records the warnings and breaches reached.
    /// </summary>
    public static Task<IReadOnlyList<SlaCrossing>> CatchUpAsync(
        CrmDbContext db, ServiceCase serviceCase, DateTime nowUtc, bool record, CancellationToken cancellationToken) =>
        CatchUpAsync(new SlaReads(db), serviceCase, nowUtc, record, cancellationToken);

    /// <summary>
    /// <see cref="CatchUpAsync(CrmDbContext, ServiceCase, DateTime, bool, CancellationToken)"/> for several cases tracked by
    /// <paramref name="db"/>: their threads are read in one query and each policy, calendar and queue once, so a sweep after
    /// a policy change recomputes thousands of cases without reading the rules again for every one.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<SlaCrossing>>> CatchUpManyAsync(
        CrmDbContext db, IReadOnlyList<ServiceCase> cases, DateTime nowUtc, bool record, CancellationToken cancellationToken)
    {
        var reads = new SlaReads(db);
        await reads.PreloadThreadsAsync([.. cases.Select(c => c.Id)], cancellationToken);
        var crossings = new Dictionary<long, IReadOnlyList<SlaCrossing>>(cases.Count);
        foreach (var serviceCase in cases)
        {
            crossings[serviceCase.Id] = await CatchUpAsync(reads, serviceCase, nowUtc, record, cancellationToken);
        }

        return crossings;
    }

    private static async Task<IReadOnlyList<SlaCrossing>> CatchUpAsync(
        SlaReads reads, ServiceCase serviceCase, DateTime nowUtc, bool record, CancellationToken cancellationToken)
    {
        if (serviceCase.SlaPolicyId is { } policyId
            && serviceCase.Status is not (CaseStatus.Resolved or CaseStatus.Closed)
            && await reads.PolicyAsync(policyId, cancellationToken) is { } policy)
        {
            var (definition, changedAt) = await DefinitionAsync(reads, policy, serviceCase, cancellationToken);
            serviceCase.ApplySlaPolicy(policyId, definition, changedAt < nowUtc ? changedAt : nowUtc);
        }

        var report = serviceCase.EvaluateSla(await reads.HistoryAsync(serviceCase, cancellationToken), nowUtc);
        return serviceCase.UpdateSla(report, nowUtc, record);
    }

    /// <summary>Recomputes the case's stored SLA figures from its whole thread (stored entries and those added in this unit of work).</summary>
    public static async Task<IReadOnlyList<SlaCrossing>> RefreshAsync(
        CrmDbContext db, ServiceCase serviceCase, DateTime nowUtc, bool record, CancellationToken cancellationToken)
    {
        var report = serviceCase.EvaluateSla(await HistoryAsync(db, serviceCase, cancellationToken), nowUtc);
        return serviceCase.UpdateSla(report, nowUtc, record);
    }

    /// <summary>The case's history for the clock, in thread order.</summary>
    public static Task<CaseHistory> HistoryAsync(CrmDbContext db, ServiceCase serviceCase, CancellationToken cancellationToken) =>
        new SlaReads(db).HistoryAsync(serviceCase, cancellationToken);

    /// <summary>The case's SLA for the case page and the API, evaluated at <paramref name="nowUtc"/> from its loaded thread.</summary>
    public static CaseSlaDto Describe(ServiceCase serviceCase, DateTime nowUtc)
    {
        var history = ServiceCase.SlaHistory(serviceCase.OpenedAtUtc,
            serviceCase.Thread.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => (e.AtUtc, e.Kind, e.Status)));
        var report = serviceCase.EvaluateSla(history, nowUtc < serviceCase.OpenedAtUtc ? serviceCase.OpenedAtUtc : nowUtc);
        var definitions = serviceCase.SlaDefinitions;
        var current = definitions.Count > 0 ? definitions[^1].Policy : null;
        var targets = report?.Targets.Select(t => new CaseSlaTargetDto(
            ServiceCase.ToContract(t.Kind), ServiceCase.ToContract(t.State), t.StartedAtUtc, t.DueAtUtc, t.WarningAtUtc, t.MetAtUtc,
            (int)t.Target.TotalMinutes, Math.Round(t.UsedMinutes, 1), Math.Round(t.RemainingMinutes, 1), t.Explanation.Text)).ToList() ?? [];
        return new CaseSlaDto(serviceCase.SlaPolicyId, serviceCase.SlaPolicyName, current?.Calendar.Name, current?.Calendar.TimeZoneId,
            report is null ? CaseSlaState.None : ServiceCase.Overall(report.Targets), targets, current?.CalendarReason);
    }

    /// <summary>
    /// What computing SLAs reads besides the case, each read once per unit of work: policies, calendars, queues, and the
    /// stored threads of a batch of cases (preloaded in one query).
    /// </summary>
    private sealed class SlaReads(CrmDbContext db)
    {
        private readonly Dictionary<long, ServiceSlaPolicy?> policies = [];
        private readonly Dictionary<long, ServiceCalendar?> calendars = [];
        private readonly Dictionary<long, QueueFacts?> queues = [];
        private readonly Dictionary<long, List<(DateTime AtUtc, CaseEntryKind Kind, CaseStatus? Status)>> threads = [];

        public async Task<ServiceSlaPolicy?> PolicyAsync(long id, CancellationToken cancellationToken)
        {
            if (!policies.TryGetValue(id, out var policy))
            {
                policies[id] = policy = await db.Set<ServiceSlaPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            }

            return policy;
        }

        public async Task<ServiceCalendar?> CalendarAsync(long id, CancellationToken cancellationToken)
        {
            if (!calendars.TryGetValue(id, out var calendar))
            {
                calendars[id] = calendar = await db.Set<ServiceCalendar>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            }

            return calendar;
        }

        public async Task<QueueFacts?> QueueAsync(long id, CancellationToken cancellationToken)
        {
            if (!queues.TryGetValue(id, out var queue))
            {
                queues[id] = queue = await db.Set<ServiceQueue>().AsNoTracking().Where(q => q.Id == id)
                    .Select(q => new QueueFacts(q.Name, q.CalendarId, q.ModifiedAtUtc)).SingleOrDefaultAsync(cancellationToken);
            }

            return queue;
        }

        public async Task PreloadThreadsAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken)
        {
            foreach (var id in caseIds)
            {
                threads[id] = [];
            }

            var stored = await db.Set<CaseEntry>().AsNoTracking().Where(e => caseIds.Contains(e.CaseId))
                .Select(e => new { e.CaseId, e.Id, e.AtUtc, e.Kind, e.Status })
                .ToListAsync(cancellationToken);
            foreach (var entry in stored.OrderBy(e => e.AtUtc).ThenBy(e => e.Id))
            {
                threads[entry.CaseId].Add((entry.AtUtc, entry.Kind, entry.Status));
            }
        }

        /// <summary>The case's history for the clock, in thread order: stored entries and those added in this unit of work.</summary>
        public async Task<CaseHistory> HistoryAsync(ServiceCase serviceCase, CancellationToken cancellationToken)
        {
            IEnumerable<(DateTime AtUtc, CaseEntryKind Kind, CaseStatus? Status)> stored;
            if (serviceCase.Id == 0)
            {
                stored = [];
            }
            else if (threads.TryGetValue(serviceCase.Id, out var preloaded))
            {
                stored = preloaded;
            }
            else
            {
                var read = await db.Set<CaseEntry>().AsNoTracking().Where(e => e.CaseId == serviceCase.Id)
                    .OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
                    .Select(e => new { e.AtUtc, e.Kind, e.Status })
                    .ToListAsync(cancellationToken);
                stored = read.Select(e => (e.AtUtc, e.Kind, e.Status));
            }

            var entries = stored.Concat(serviceCase.Thread.Where(e => e.Id == 0).Select(e => (e.AtUtc, e.Kind, e.Status)));
            return ServiceCase.SlaHistory(serviceCase.OpenedAtUtc, entries);
        }
    }

    private sealed record QueueFacts(string Name, long? CalendarId, DateTime ModifiedAtUtc);
}
