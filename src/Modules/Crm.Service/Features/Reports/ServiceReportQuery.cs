using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Reports;

/// <summary>
/// The service report for Managers and Admins. Every figure is aggregated in SQL over the cases' stored, indexed columns
/// (opened, first answered, resolved, breached instants and the business minutes the SLA clock stored with them); only the
/// business times of the period are read as one column each, to take their median and 90th percentile.
/// </summary>
internal sealed class ServiceReportQuery(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, ICustomerTiers tiers,
    UserDirectory users, TimeProvider clock)
{
    public const int MaxMonths = 12;

    public const int DefaultDays = 30;

    public static bool CanRead(ICurrentUser user) => user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    /// <summary>The default period: the last 30 days up to today (UTC).</summary>
    public (DateOnly From, DateOnly To) DefaultPeriod()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (today.AddDays(1 - DefaultDays), today);
    }

    /// <summary>Why the period cannot be reported: empty when it can.</summary>
    public static OperationResult Validate(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return OperationResult.Failure("to", "The last day must not be before the first day.");
        }

        return from <= to.AddMonths(-MaxMonths)
            ? OperationResult.Failure("from", $"A report covers at most {MaxMonths} months: the first day must be after {to.AddMonths(-MaxMonths):yyyy-MM-dd}.")
            : OperationResult.Success;
    }

    /// <summary>The queues the report can be narrowed to, by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> QueuesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Select(q => new { q.Id, q.Name }).ToListAsync(cancellationToken);
        return [.. queues.OrderBy(q => q.Name, StringComparer.CurrentCulture).Select(q => (q.Id, q.Name))];
    }

    public async Task<(ServiceReport? Report, OperationResult Validation)> LoadAsync(
        DateOnly? from, DateOnly? to, long? queueId, CancellationToken cancellationToken = default)
    {
        if (!CanRead(currentUser))
        {
            throw new ForbiddenException("Only Managers and Admins see the service reports.");
        }

        var defaults = DefaultPeriod();
        var last = to ?? defaults.To;
        var first = from ?? (to is null ? defaults.From : last.AddDays(1 - DefaultDays));
        var validation = Validate(first, last);
        if (!validation.Succeeded)
        {
            return (null, validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Select(q => new { q.Id, q.Name }).ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        if (queueId is { } id && !queues.ContainsKey(id))
        {
            return (null, OperationResult.Failure("queueId", $"No queue with id {id}."));
        }

        var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cases = db.Set<ServiceCase>().AsNoTracking();
        if (queueId is { } only)
        {
            cases = cases.Where(c => c.QueueId == only);
        }

        var opened = cases.Where(c => c.OpenedAtUtc >= start && c.OpenedAtUtc < end);
        var resolved = cases.Where(c => c.ResolvedAtUtc >= start && c.ResolvedAtUtc < end);

        var backlog = await BacklogAsync(cases, queues, cancellationToken);
        var days = await DaysAsync(opened, resolved, first, last, cancellationToken);

        var firstResponses = await cases
            .Where(c => c.FirstRespondedAtUtc >= start && c.FirstRespondedAtUtc < end && c.FirstResponseBusinessMinutes != null)
            .Select(c => new { c.Priority, Minutes = c.FirstResponseBusinessMinutes!.Value })
            .ToListAsync(cancellationToken);
        var resolutions = await resolved
            .Where(c => c.ResolutionBusinessMinutes != null)
            .Select(c => new { c.Priority, Minutes = c.ResolutionBusinessMinutes!.Value })
            .ToListAsync(cancellationToken);
        var byPriority = Enum.GetValues<CasePriority>().Select(p => new PriorityTimes(
            p,
            Times(firstResponses.Where(r => r.Priority == p).Select(r => r.Minutes)),
            Times(resolutions.Where(r => r.Priority == p).Select(r => r.Minutes)))).ToList();

        var slaResolved = resolved.Where(c => c.SlaPolicyId != null);
        var byPolicy = await slaResolved.GroupBy(c => c.SlaPolicyName)
            .Select(g => new { g.Key, Cases = g.Count(), Kept = g.Sum(c => c.SlaBreachedAtUtc == null ? 1 : 0) })
            .ToListAsync(cancellationToken);
        var byQueue = await slaResolved.GroupBy(c => c.QueueId)
            .Select(g => new { g.Key, Cases = g.Count(), Kept = g.Sum(c => c.SlaBreachedAtUtc == null ? 1 : 0) })
            .ToListAsync(cancellationToken);
        var byAgent = await slaResolved.GroupBy(c => c.OwnerId)
            .Select(g => new { g.Key, Cases = g.Count(), Kept = g.Sum(c => c.SlaBreachedAtUtc == null ? 1 : 0) })
            .ToListAsync(cancellationToken);
        var agentNames = await users.NamesAsync(byAgent.Select(a => a.Key), cancellationToken);

        var breached = cases.Where(c => c.SlaBreachedAtUtc >= start && c.SlaBreachedAtUtc < end);
        var breachCount = await breached.CountAsync(cancellationToken);
        var breaches = await BreachesAsync(breached, queues, cancellationToken);

        var reopens = await resolved.GroupBy(c => 1)
            .Select(g => new { Resolved = g.Count(), Reopened = g.Sum(c => c.ReopenCount > 0 ? 1 : 0) })
            .SingleOrDefaultAsync(cancellationToken);

        var report = new ServiceReport(
            first, last, queueId, queueId is { } q ? queues[q] : null,
            days.Sum(d => d.Created), days.Sum(d => d.Resolved), backlog.Sum(b => b.Total), backlog, days,
            Times(firstResponses.Select(r => r.Minutes)), Times(resolutions.Select(r => r.Minutes)), byPriority,
            new Attainment(null, "All", byPolicy.Sum(p => p.Cases), byPolicy.Sum(p => p.Kept)),
            [.. byPolicy.Select(p => new Attainment(p.Key, p.Key ?? "(no name)", p.Cases, p.Kept)).OrderBy(a => a.Name, StringComparer.CurrentCulture)],
            [.. byQueue.Select(g => new Attainment(g.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture), QueueName(queues, g.Key), g.Cases, g.Kept))
                .OrderBy(a => a.Name, StringComparer.CurrentCulture)],
            [.. byAgent.Select(g => new Attainment(g.Key, g.Key is null ? "Unassigned" : agentNames.GetValueOrDefault(g.Key, g.Key), g.Cases, g.Kept))
                .OrderBy(a => a.Name, StringComparer.CurrentCulture)],
            breachCount, breaches,
            new ReopenFigures(reopens?.Resolved ?? 0, reopens?.Reopened ?? 0),
            await TiersAsync(opened, cancellationToken));
        return (report, OperationResult.Success);
    }

    /// <summary>Median and 90th percentile by nearest rank: the values at ranks ⌈0.5 N⌉ and ⌈0.9 N⌉ of the sorted minutes.</summary>
    internal static BusinessTimes Times(IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToArray();
        return sorted.Length == 0
            ? new BusinessTimes(0, null, null)
            : new BusinessTimes(sorted.Length, NearestRank(sorted, 0.5), NearestRank(sorted, 0.9));
    }

    private static double NearestRank(double[] sorted, double share) =>
        sorted[Math.Max(1, (int)Math.Ceiling(Math.Round(share * sorted.Length, 9))) - 1];

    private static string QueueName(Dictionary<long, string> queues, long? id) =>
        id is { } q ? queues.GetValueOrDefault(q, $"Queue {q}") : "No queue";

    private static async Task<List<BacklogRow>> BacklogAsync(
        IQueryable<ServiceCase> cases, Dictionary<long, string> queues, CancellationToken cancellationToken)
    {
        var open = await cases
            .Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .GroupBy(c => new { c.QueueId, c.Priority })
            .Select(g => new { g.Key.QueueId, g.Key.Priority, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. open.GroupBy(o => o.QueueId)
            .Select(g =>
            {
                int Of(CasePriority p) => g.Where(o => o.Priority == p).Sum(o => o.Count);
                return new BacklogRow(g.Key, QueueName(queues, g.Key), Of(CasePriority.Low), Of(CasePriority.Normal), Of(CasePriority.High), Of(CasePriority.Urgent));
            })
            .OrderByDescending(b => b.Total).ThenBy(b => b.Queue, StringComparer.CurrentCulture)];
    }

    private static async Task<List<DayCount>> DaysAsync(
        IQueryable<ServiceCase> opened, IQueryable<ServiceCase> resolved, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var created = await opened.GroupBy(c => c.OpenedAtUtc.Date).Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => DateOnly.FromDateTime(g.Day), g => g.Count, cancellationToken);
        var done = await resolved.GroupBy(c => c.ResolvedAtUtc!.Value.Date).Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => DateOnly.FromDateTime(g.Day), g => g.Count, cancellationToken);
        var days = new List<DayCount>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new DayCount(day, created.GetValueOrDefault(day), done.GetValueOrDefault(day)));
        }

        return days;
    }

    private async Task<List<BreachRow>> BreachesAsync(
        IQueryable<ServiceCase> breached, Dictionary<long, string> queues, CancellationToken cancellationToken)
    {
        var rows = await breached.OrderByDescending(c => c.SlaBreachedAtUtc).ThenByDescending(c => c.Id)
            .Take(ServiceReport.MaxBreaches)
            .Select(c => new
            {
                c.Id, c.Subject, c.CustomerId, c.QueueId, c.OwnerId, c.SlaPolicyName, c.Priority, c.Status,
                At = c.SlaBreachedAtUtc!.Value, c.FirstResponseBreached, c.ResolutionBreached,
            })
            .ToListAsync(cancellationToken);
        var customerNames = await customers.DisplayNamesAsync(rows.Select(r => r.CustomerId).Distinct(), cancellationToken);
        var ownerNames = await users.NamesAsync(rows.Select(r => r.OwnerId).Distinct(), cancellationToken);
        return [.. rows.Select(r => new BreachRow(
            r.Id, ServiceCase.NumberOf(r.Id), r.Subject, r.CustomerId, customerNames.GetValueOrDefault(r.CustomerId, $"#{r.CustomerId}"),
            r.QueueId is { } q ? queues.GetValueOrDefault(q) : null, r.OwnerId is { } o ? ownerNames.GetValueOrDefault(o, o) : null,
            r.SlaPolicyName, r.Priority, r.Status, DateTime.SpecifyKind(r.At, DateTimeKind.Utc), r.FirstResponseBreached == true, r.ResolutionBreached == true))];
    }

    private async Task<List<TierRow>> TiersAsync(IQueryable<ServiceCase> opened, CancellationToken cancellationToken)
    {
        var perCustomer = await opened.GroupBy(c => c.CustomerId)
            .Select(g => new
            {
                CustomerId = g.Key,
                Cases = g.Count(),
                Answered = g.Sum(c => c.FirstResponseBusinessMinutes != null ? 1 : 0),
                Minutes = g.Sum(c => c.FirstResponseBusinessMinutes ?? 0),
                SlaResolved = g.Sum(c => c.SlaPolicyId != null && c.ResolvedAtUtc != null ? 1 : 0),
                SlaKept = g.Sum(c => c.SlaPolicyId != null && c.ResolvedAtUtc != null && c.SlaBreachedAtUtc == null ? 1 : 0),
            })
            .ToListAsync(cancellationToken);
        var tierOf = perCustomer.Count == 0 ? new Dictionary<long, CustomerTier>() : await tiers.SpendTiersAsync([.. perCustomer.Select(c => c.CustomerId)], cancellationToken);
        // Best customers first, so the table reads "are the best customers served best?" from the top.
        return [.. Enum.GetValues<CustomerTier>().OrderByDescending(t => t).Select(tier =>
        {
            var rows = perCustomer.Where(c => tierOf.GetValueOrDefault(c.CustomerId) == tier).ToList();
            var answered = rows.Sum(r => r.Answered);
            return new TierRow(
                tier.ToString(), rows.Count, rows.Sum(r => r.Cases), answered,
                answered == 0 ? null : Math.Round(rows.Sum(r => r.Minutes) / answered, 1),
                rows.Sum(r => r.SlaResolved), rows.Sum(r => r.SlaKept));
        })];
    }
}
