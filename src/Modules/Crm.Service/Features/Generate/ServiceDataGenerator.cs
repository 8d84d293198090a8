using System.Diagnostics;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Kernel.Randomness;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Sla;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Generate;

/// <summary>
/// Realistic, seeded service data for the customers already in the CCR (read through the Contacts contract, never its
/// tables): the demo queues ("Orders and delivery", "Returns", "Technical", "VIP") with members, a supervisor, strategies
/// and assignment rules, then a skewed number of cases per customer (Gamma-Poisson, mean
/// <see cref="ServiceGeneration.CasesPerCustomer"/>) over the last year, each played through the domain
/// (<see cref="ServiceCase"/>: opening, routing with <see cref="Domain.Routing.CaseRouter"/>, assignment, notes, replies,
/// status changes, pending periods) with the SLA of the policy that applies computed by <see cref="SlaClock"/> after every
/// step, and each warning and breach recorded on the thread when the sweep would have recorded it.
/// Batches of customers are written in one transaction each (through <see cref="BulkWriter"/> on SQLite).
/// </summary>
internal sealed class ServiceDataGenerator(
    IDbContextFactory<CrmDbContext> contextFactory, IContactsDataGenerator contacts, IInteractionLog timeline, UserDirectory users,
    ICurrentUser currentUser, TimeProvider clock) : IServiceDataGenerator
{
    private const int CustomerBatch = 5_000;

    private static readonly Action<CaseEntry, long> SetEntryId = KeySetter(nameof(CaseEntry.Id));
    private static readonly Action<CaseEntry, long> SetEntryCaseId = KeySetter(nameof(CaseEntry.CaseId));

    /// <summary>From this many new cases (and at least as many as the table holds), a SQLite load builds the case and entry indexes after the rows.</summary>
    internal const int DeferIndexesFromCases = 100_000;

    public async Task<int> CountCasesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ServiceCase>().CountAsync(cancellationToken);
    }

    public Task<GeneratedService> GenerateAsync(ServiceGeneration options, IProgress<ServiceGenerationProgress>? progress, CancellationToken cancellationToken = default) =>
        GenerateAsync(options, progress, allowBulkInsert: true, DeferIndexesFromCases, cancellationToken);

    /// <param name="allowBulkInsert">On SQLite, write through <see cref="BulkWriter"/> instead of EF.</param>
    /// <param name="deferIndexesFromCases">The smallest expected number of new cases for which the indexes are built after the rows.</param>
    internal async Task<GeneratedService> GenerateAsync(
        ServiceGeneration options, IProgress<ServiceGenerationProgress>? progress, bool allowBulkInsert, int deferIndexesFromCases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CasesPerCustomer);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryDays, 30);
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var staff = await StaffAsync(cancellationToken);
        var createdQueues = await EnsureQueuesAsync(staff, now, cancellationToken);
        var desk = await LoadDeskAsync(staff, cancellationToken);
        var simulation = new CaseSimulation(now, options.HistoryDays, desk, currentUser.ActorId);
        var totals = new Totals { Queues = createdQueues };
        var deferred = allowBulkInsert ? await DropIndexesForLargeLoadAsync(options, deferIndexesFromCases, cancellationToken) : [];
        try
        {
            await GenerateCasesAsync(options, progress, allowBulkInsert, simulation, totals, cancellationToken);
        }
        finally
        {
            if (deferred.Count > 0)
            {
                // Built even when the load was cancelled or failed; should this process be killed first, the database
                // initializer builds them at the next start.
                progress?.Report(new ServiceGenerationProgress(totals.Customers, BuildingIndexes: true));
                await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
                await DatabaseDialect.Of(db).RestoreIndexesAsync(db, CancellationToken.None);
            }
        }

        return new GeneratedService(totals.Queues, totals.Customers, totals.Cases, totals.Entries, simulation.Warnings, simulation.Breaches,
            totals.Open, totals.BreachedNow, totals.TimelineEntries, watch.Elapsed);
    }

    private async Task GenerateCasesAsync(
        ServiceGeneration options, IProgress<ServiceGenerationProgress>? progress, bool allowBulkInsert, CaseSimulation simulation,
        Totals totals, CancellationToken cancellationToken)
    {
        long afterId = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var customers = await contacts.ListCustomersAsync(afterId, CustomerBatch, cancellationToken);
            if (customers.Count == 0)
            {
                break;
            }

            afterId = customers[^1].CustomerId;
            var batch = new List<ServiceCase>();
            foreach (var customer in customers)
            {
                // Each customer's own stream from the seed: the same customer gets the same cases whatever came before.
                var random = new Random(CustomerSeed(options.Seed, customer.CustomerId));
                // How often this customer needs help (Gamma-Poisson: skewed, mean = CasesPerCustomer).
                var rate = options.CasesPerCustomer == 0 ? 0 : random.NextGamma(0.7) * options.CasesPerCustomer / 0.7;
                var count = random.NextPoisson(rate);
                if (count > 0)
                {
                    batch.AddRange(simulation.CasesOf(customer.CustomerId, count, random));
                }
            }

            await WriteAsync(batch, allowBulkInsert, cancellationToken);
            if (options.RecordOnTimeline && batch.Count > 0)
            {
                totals.TimelineEntries += await timeline.RecordManyAsync([.. batch.SelectMany(TimelineEntries)], cancellationToken);
            }

            totals.Customers += customers.Count;
            totals.Cases += batch.Count;
            totals.Entries += batch.Sum(c => c.Thread.Count);
            totals.Open += batch.Count(c => c.Status is not (CaseStatus.Resolved or CaseStatus.Closed));
            totals.BreachedNow += batch.Count(c => c.SlaState == CaseSlaState.Breached);
            progress?.Report(new ServiceGenerationProgress(totals.Customers, BuildingIndexes: false));
        }
    }

    /// <summary>The people who work cases: ServiceAgents and Managers, by name (so the same users give the same data).</summary>
    private async Task<Staff> StaffAsync(CancellationToken cancellationToken)
    {
        static UserName[] Sorted(IEnumerable<UserName> found) =>
            [.. found.OrderBy(u => u.DisplayName, StringComparer.Ordinal).ThenBy(u => u.Email, StringComparer.Ordinal).ThenBy(u => u.Id, StringComparer.Ordinal)];

        var agents = Sorted(await users.InRoleAsync(CrmRoles.ServiceAgent, cancellationToken));
        var managers = Sorted((await users.InRoleAsync(CrmRoles.Manager, cancellationToken)).Where(m => agents.All(a => a.Id != m.Id)));
        return new Staff(agents, managers);
    }

    /// <summary>Creates the demo queues that are missing, with members, supervisor, strategy, and their assignment rules; the number created.</summary>
    private async Task<int> EnsureQueuesAsync(Staff staff, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Set<ServiceQueue>().Select(q => q.Name).ToListAsync(cancellationToken);
        // A case no rule places goes to the default queue; without one it would wait in no queue, seen by no agent's "my queues".
        var hasDefault = await db.Set<ServiceQueue>().AnyAsync(q => q.IsDefault && q.IsActive, cancellationToken);
        var agents = staff.Agents.Select(a => a.Id).ToArray();
        var managers = staff.Managers.Select(m => m.Id).ToArray();
        var half = agents.Length >= 3 ? (agents.Length + 1) / 2 : agents.Length;
        var supervisor = managers.FirstOrDefault();
        var wanted = new (string Name, string Description, RoutingStrategy Strategy, string[] Members, QueueRule[] Rules)[]
        {
            ("VIP", "Complaints and escalations, worked by senior staff with the supervisor watching.", RoutingStrategy.RoundRobin,
                [.. managers, .. agents.Take(1)], [new QueueRule { Keywords = "complaint|escalation" }]),
            ("Returns", "Returns, exchanges and refunds.", RoutingStrategy.LeastLoaded,
                agents.Length >= 3 ? agents[..half] : agents, [new QueueRule { Keywords = "return|refund" }]),
            ("Orders and delivery", "Orders, parcels, tracking and delivery addresses.", RoutingStrategy.RoundRobin,
                agents.Length == 0 ? managers : agents, [new QueueRule { Category = "Delivery" }, new QueueRule { Category = "Orders" }]),
            ("Technical", "Sign-in problems, faulty devices and errors in the shop or the app.", RoutingStrategy.LeastLoaded,
                agents.Length >= 3 ? agents[(half - 1)..] : agents, [new QueueRule { Category = "Technical" }]),
        };
        var position = await db.Set<QueueRule>().Select(r => (int?)r.Position).MaxAsync(cancellationToken) ?? 0;
        var created = new List<(ServiceQueue Queue, QueueRule[] Rules)>();
        foreach (var (name, description, strategy, members, rules) in wanted.Where(w => !existing.Contains(w.Name, StringComparer.OrdinalIgnoreCase)))
        {
            var queue = ServiceQueue.Create(name, description, strategy, supervisor);
            queue.IsDefault = !hasDefault && name == "Orders and delivery";
            queue.SetMembers(members);
            queue.StampCreated(now, currentUser.ActorId);
            db.Add(queue);
            created.Add((queue, rules));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (queue, rules) in created)
        {
            foreach (var rule in rules)
            {
                rule.QueueId = queue.Id;
                rule.Position = ++position;
                db.Add(rule);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return created.Count;
    }

    /// <summary>Everything the simulation reads: the staff, the active queues and their rules in order, the active SLA policies.</summary>
    private async Task<ServiceDesk> LoadDeskAsync(Staff staff, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Include(q => q.Members).Where(q => q.IsActive).OrderBy(q => q.Id).ToListAsync(cancellationToken);
        var rules = await db.Set<QueueRule>().AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var policies = await db.Set<ServiceSlaPolicy>().AsNoTracking().Where(p => p.IsActive).ToListAsync(cancellationToken);
        var calendars = await db.Set<ServiceCalendar>().AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var names = staff.Agents.Concat(staff.Managers).ToDictionary(u => u.Id, u => u.DisplayName, StringComparer.Ordinal);

        // Members in the staff's name order, not the store's (user ids differ between databases; the same users give the same data).
        var rank = staff.Agents.Concat(staff.Managers).Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var queue in queues)
        {
            queue.Members.Sort((a, b) => (rank.GetValueOrDefault(a.AgentId, int.MaxValue), a.AgentId)
                .CompareTo((rank.GetValueOrDefault(b.AgentId, int.MaxValue), b.AgentId)));
        }

        return new ServiceDesk(staff, names, queues, [.. rules.Select(r => r.AsRule())], policies,
            policies.ToDictionary(p => p.Id, p => p.Definition(calendars[p.CalendarId])));
    }

    /// <summary>Defers the case and entry indexes where the provider gains from it (SQLite) when this load will at least double the cases.</summary>
    private async Task<IReadOnlyList<string>> DropIndexesForLargeLoadAsync(ServiceGeneration options, int threshold, CancellationToken cancellationToken)
    {
        if (options.CasesPerCustomer == 0)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var expected = options.CasesPerCustomer * await contacts.CountCustomersAsync(cancellationToken);
        var existing = await db.Set<ServiceCase>().LongCountAsync(cancellationToken);
        return expected >= Math.Max(threshold, existing)
            ? await DatabaseDialect.Of(db).DeferIndexesForLoadAsync(db, [typeof(ServiceCase), typeof(CaseEntry)], cancellationToken)
            : [];
    }

    private async Task WriteAsync(List<ServiceCase> batch, bool allowBulkInsert, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (allowBulkInsert && DatabaseDialect.Of(db).AssignsIdsAhead)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await DatabaseDialect.Of(db).PrepareBulkLoadAsync(db, cancellationToken);
            await using var writer = await BulkWriter.BeginAsync(db, cancellationToken);
            var caseId = await writer.NextIdAsync<ServiceCase>(cancellationToken);
            var entryId = await writer.NextIdAsync<CaseEntry>(cancellationToken);
            foreach (var serviceCase in batch)
            {
                serviceCase.Id = caseId++;
                await writer.WriteAsync(serviceCase, includeKey: true, cancellationToken);
                foreach (var entry in serviceCase.Thread)
                {
                    SetEntryId(entry, entryId++);
                    SetEntryCaseId(entry, serviceCase.Id);
                    await writer.WriteAsync(entry, includeKey: true, cancellationToken);
                }
            }

            await writer.CommitAsync(cancellationToken);
            return;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The private setter of a key the domain leaves to the store (a thread entry's id and case), as EF sets it when it
    /// reads or saves rows: the bulk path assigns the ids itself.
    /// </summary>
    private static Action<CaseEntry, long> KeySetter(string property) =>
        typeof(CaseEntry).GetProperty(property)!.GetSetMethod(nonPublic: true)!.CreateDelegate<Action<CaseEntry, long>>();

    /// <summary>What the case handlers put on the customer's timeline: the opening (inbound), each public reply and status change (outbound).</summary>
    private static IEnumerable<InteractionEntry> TimelineEntries(ServiceCase serviceCase)
    {
        foreach (var entry in serviceCase.Thread)
        {
            (InteractionDirection Direction, string Subject, string? Notes)? contact = entry switch
            {
                { Kind: CaseEntryKind.CustomerMessage } when entry == serviceCase.Thread[0] =>
                    (InteractionDirection.Inbound, serviceCase.Subject, entry.Body),
                { Kind: CaseEntryKind.PublicReply } => (InteractionDirection.Outbound, $"Reply: {serviceCase.Subject}", entry.Body),
                { Kind: CaseEntryKind.SystemEvent, Status: { } status } => (InteractionDirection.Outbound, $"{CaseStatusNames.Of(status)}: {serviceCase.Subject}", null),
                _ => null,
            };
            if (contact is { } c)
            {
                yield return new InteractionEntry(serviceCase.CustomerId, serviceCase.Channel, c.Direction, InteractionType.Case, entry.AtUtc,
                    Trim($"{serviceCase.Number}: {c.Subject}", 200), c.Notes is null ? null : Trim(c.Notes, 4000), HandledBy: entry.AuthorId,
                    CaseId: serviceCase.Number);
            }
        }
    }

    /// <summary>A seed per customer mixed from the run's seed and the customer's id (SplitMix64's finaliser; stable across processes).</summary>
    private static int CustomerSeed(int seed, long customerId)
    {
        var x = unchecked(((ulong)customerId * 0x9E3779B97F4A7C15UL) + (uint)seed);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return (int)((x ^ (x >> 31)) & 0x7FFF_FFFF);
    }

    private static string Trim(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private sealed class Totals
    {
        public int Queues { get; set; }

        public int Customers { get; set; }

        public int Cases { get; set; }

        public int Entries { get; set; }

        public int Open { get; set; }

        public int BreachedNow { get; set; }

        public int TimelineEntries { get; set; }
    }
}

/// <summary>ServiceAgents, and Managers who are not also agents, by name.</summary>
internal sealed record Staff(UserName[] Agents, UserName[] Managers);

/// <summary>The service desk as the simulation sees it: staff, active queues, assignment rules in order, active SLA policies and their definitions.</summary>
internal sealed record ServiceDesk(
    Staff Staff,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<ServiceQueue> Queues,
    IReadOnlyList<Domain.Routing.AssignmentRule> Rules,
    IReadOnlyList<ServiceSlaPolicy> Policies,
    IReadOnlyDictionary<long, SlaPolicyDefinition> Definitions);
