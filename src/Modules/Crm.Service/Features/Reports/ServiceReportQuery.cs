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

        Dictionary<long, string> queues;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            queues = await db.Set<ServiceQueue>().AsNoTracking().Select(q => new { q.Id, q.Name }).ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        }

        if (queueId is { } id && !queues.ContainsKey(id))
        {
            return (null, OperationResult.Failure("queueId", $"No queue with id {id}."));
        }

        var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        IQueryable<ServiceCase> Opened(IQueryable<ServiceCase> cases) => cases.Where(c => c.OpenedAtUtc >= start && c.OpenedAtUtc < end);
        IQueryable<ServiceCase> Resolved(IQueryable<ServiceCase> cases) => cases.Where(c => c.ResolvedAtUtc >= start && c.ResolvedAtUtc < end);
        IQueryable<ServiceCase> Breached(IQueryable<ServiceCase> cases) => cases.Where(c => c.SlaBreachedAtUtc >= start && c.SlaBreachedAtUtc < end);

        // Each figure reads its own index (CaseReportColumns), so they run side by side, each on its own connection.
        var backlogRead = ReadCasesAsync(queueId, cases => BacklogAsync(cases, queues, cancellationToken), cancellationToken);
        var createdRead = ReadCasesAsync(queueId, cases => Opened(cases).GroupBy(c => DateOnly.FromDateTime(c.OpenedAtUtc))
            .Select(g => new { Day = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Day, g => g.Count, cancellationToken), cancellationToken);
        var doneRead = ReadCasesAsync(queueId, cases => Resolved(cases).GroupBy(c => DateOnly.FromDateTime(c.ResolvedAtUtc!.Value))
            .Select(g => new { Day = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Day, g => g.Count, cancellationToken), cancellationToken);
        var firstResponsesRead = ReadCasesAsync(queueId, cases => cases
            .Where(c => c.FirstRespondedAtUtc >= start && c.FirstRespondedAtUtc < end && c.FirstResponseBusinessMinutes != null)
            .Select(c => new PriorityMinutes(c.Priority, c.FirstResponseBusinessMinutes!.Value))
            .ToListAsync(cancellationToken), cancellationToken);
        var resolutionsRead = ReadCasesAsync(queueId, cases => Resolved(cases)
            .Where(c => c.ResolutionBusinessMinutes != null)
            .Select(c => new PriorityMinutes(c.Priority, c.ResolutionBusinessMinutes!.Value))
            .ToListAsync(cancellationToken), cancellationToken);
        // Attainment per policy, queue and agent and the reopen rate, from one pass over the resolved cases.
        var resolvedGroupsRead = ReadCasesAsync(queueId, cases => Resolved(cases)
            .GroupBy(c => new { c.SlaPolicyId, c.SlaPolicyName, c.QueueId, c.OwnerId })
            .Select(g => new ResolvedGroup(g.Key.SlaPolicyId != null, g.Key.SlaPolicyName, g.Key.QueueId, g.Key.OwnerId,
                g.Count(), g.Sum(c => c.SlaBreachedAtUtc == null ? 1 : 0), g.Sum(c => c.ReopenCount > 0 ? 1 : 0)))
            .ToListAsync(cancellationToken), cancellationToken);
        var breachCountRead = ReadCasesAsync(queueId, cases => Breached(cases).CountAsync(cancellationToken), cancellationToken);
        var breachesRead = ReadCasesAsync(queueId, cases => BreachesAsync(Breached(cases), queues, cancellationToken), cancellationToken);
        var tiersRead = ReadCasesAsync(queueId, cases => TiersAsync(Opened(cases), cancellationToken), cancellationToken);
        await Task.WhenAll(backlogRead, createdRead, doneRead, firstResponsesRead, resolutionsRead, resolvedGroupsRead, breachCountRead, breachesRead, tiersRead);

        var (backlog, firstResponses, resolutions) = (backlogRead.Result, firstResponsesRead.Result, resolutionsRead.Result);
        var days = new List<DayCount>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new DayCount(day, createdRead.Result.GetValueOrDefault(day), doneRead.Result.GetValueOrDefault(day)));
        }

        var firstByPriority = firstResponses.ToLookup(r => r.Priority, r => r.Minutes);
        var resolutionByPriority = resolutions.ToLookup(r => r.Priority, r => r.Minutes);
        var byPriority = Enum.GetValues<CasePriority>()
            .Select(p => new PriorityTimes(p, Times(firstByPriority[p]), Times(resolutionByPriority[p]))).ToList();

        var resolvedGroups = resolvedGroupsRead.Result;
        var slaResolved = resolvedGroups.Where(g => g.HasSla).ToList();
        var byPolicy = Attainments(slaResolved, g => g.PolicyName, key => key ?? "(no name)");
        var byQueue = Attainments(slaResolved, g => g.QueueId, key => QueueName(queues, key));
        var agentNames = await users.NamesAsync(slaResolved.Select(g => g.OwnerId).Distinct(), cancellationToken);
        var byAgent = Attainments(slaResolved, g => g.OwnerId, key => key is null ? "Unassigned" : agentNames.GetValueOrDefault(key, key));

        var report = new ServiceReport(
            first, last, queueId, queueId is { } q ? queues[q] : null,
            days.Sum(d => d.Created), days.Sum(d => d.Resolved), backlog.Sum(b => b.Total), backlog, days,
            Times(firstResponses.Select(r => r.Minutes)), Times(resolutions.Select(r => r.Minutes)), byPriority,
            new Attainment(null, "All", slaResolved.Sum(g => g.Cases), slaResolved.Sum(g => g.Kept)),
            byPolicy, byQueue, byAgent,
            breachCountRead.Result, breachesRead.Result,
            new ReopenFigures(resolvedGroups.Sum(g => g.Cases), resolvedGroups.Sum(g => g.Reopened)),
            tiersRead.Result);
        return (report, OperationResult.Success);
    }

    /// <summary>
    /// Reads cases (of one queue when <paramref name="queueId"/> is given) on a connection of its own, on the thread pool:
    /// SQLite's "async" reads run synchronously, so the figures only run side by side when each gets a thread.
    /// </summary>
    private Task<T> ReadCasesAsync<T>(long? queueId, Func<IQueryable<ServiceCase>, Task<T>> read, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                var cases = db.Set<ServiceCase>().AsNoTracking();
                return await read(queueId is { } only ? cases.Where(c => c.QueueId == only) : cases);
            },
            cancellationToken);

    /// <summary>SLA attainment by one key of the resolved cases' groups, by name.</summary>
    private static List<Attainment> Attainments<TKey>(List<ResolvedGroup> groups, Func<ResolvedGroup, TKey> key, Func<TKey, string> name) =>
        [.. groups.GroupBy(key).Select(g => new Attainment(
                g.Key switch { null => null, long id => id.ToString(System.Globalization.CultureInfo.InvariantCulture), var other => other.ToString() },
                name(g.Key), g.Sum(r => r.Cases), g.Sum(r => r.Kept)))
            .OrderBy(a => a.Name, StringComparer.CurrentCulture)];

    /// <summary>Median and 90th percentile by nearest rank: the values at ranks ⌈0.5 N⌉ and ⌈0.9 N⌉ of the sorted minutes.</summary>
    internal static BusinessTimes Times(IEnumerable<double> minutes)
    {
        var sorted = minutes.ToArray();
        Array.Sort(sorted); // the primitive sort: a year's first responses are a million values
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
        // An equality on the stored flag (a parameter, not a bare column) lets SQLite read the backlog's index alone.
        var isOpen = true;
        var open = await cases
            .Where(c => c.IsOpen == isOpen)
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

    private async Task<List<CasesByTierRow>> TiersAsync(IQueryable<ServiceCase> opened, CancellationToken cancellationToken)
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
            return new CasesByTierRow(
                tier.ToString(), rows.Count, rows.Sum(r => r.Cases), answered,
                answered == 0 ? null : Math.Round(rows.Sum(r => r.Minutes) / answered, 1),
                rows.Sum(r => r.SlaResolved), rows.Sum(r => r.SlaKept));
        })];
    }

    private readonly record struct PriorityMinutes(CasePriority Priority, double Minutes);

    /// <summary>Resolved cases of the period that share a policy, queue and owner.</summary>
    private sealed record ResolvedGroup(bool HasSla, string? PolicyName, long? QueueId, string? OwnerId, int Cases, int Kept, int Reopened);
}
