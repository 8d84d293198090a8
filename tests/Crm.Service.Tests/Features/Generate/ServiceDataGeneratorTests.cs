using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Generate;
using Crm.Service.Features.Sla;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Service.Tests.Features.Generate;

/// <summary>
/// One host (demo users, no demo records) with 150 generated customers and about three cases each, generated at a fixed
/// instant so the SLA figures can be recomputed at that same instant.
/// </summary>
public sealed class GeneratedServiceFixture : IAsyncLifetime
{
    public static readonly DateTime Now = new(2026, 11, 18, 14, 25, 37, DateTimeKind.Utc);

    public CrmWebHost Host { get; } = ServiceDataGeneratorTests.NewHost(Now);

    public GeneratedService Result { get; private set; } = null!;

    public async Task InitializeAsync() => Result = await ServiceDataGeneratorTests.GenerateAsync(Host, customers: 150, casesPerCustomer: 3, allowBulk: true);

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}

public sealed class ServiceDataGeneratorTests(GeneratedServiceFixture generated) : IClassFixture<GeneratedServiceFixture>
{
    private static readonly Dictionary<string, string?> NoDemoCustomers = new() { ["DemoData:Customers"] = "0" };

    [Fact]
    public async Task The_same_seed_gives_the_same_cases_threads_and_figures_through_bulk_writes_and_through_EF()
    {
        var at = new DateTime(2026, 10, 5, 9, 12, 3, DateTimeKind.Utc);
        await using var viaBulk = NewHost(at);
        await using var viaEf = NewHost(at);

        var bulk = await GenerateAsync(viaBulk, customers: 60, casesPerCustomer: 2, allowBulk: true);
        var ef = await GenerateAsync(viaEf, customers: 60, casesPerCustomer: 2, allowBulk: false);

        Assert.Equal(bulk with { Elapsed = TimeSpan.Zero }, ef with { Elapsed = TimeSpan.Zero });
        Assert.True(bulk.Cases > 60, $"{bulk.Cases} cases");
        var bulkRows = await SnapshotAsync(viaBulk);
        var efRows = await SnapshotAsync(viaEf);
        Assert.Equal(4 + bulk.Cases, bulkRows.Count);
        var firstDifference = bulkRows.Zip(efRows).FirstOrDefault(p => p.First != p.Second);
        Assert.True(firstDifference == default, $"bulk: {firstDifference.First}\nEF:   {firstDifference.Second}");
    }

    [Fact]
    public async Task Every_status_entry_kind_channel_and_priority_appears_and_every_thread_is_in_time_order()
    {
        var cases = await generated.Host.QueryAsync(db => db.Set<ServiceCase>().AsNoTracking().Include(c => c.Thread).AsSplitQuery().ToListAsync());

        Assert.Equal(generated.Result.Cases, cases.Count);
        Assert.Equal(generated.Result.Entries, cases.Sum(c => c.Thread.Count));
        Assert.Equal(Enum.GetValues<CaseStatus>().Order(), cases.Select(c => c.Status).Distinct().Order());
        Assert.Equal(Enum.GetValues<CaseEntryKind>().Order(), cases.SelectMany(c => c.Thread).Select(e => e.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<CasePriority>().Order(), cases.Select(c => c.Priority).Distinct().Order());
        Assert.True(cases.Select(c => c.Channel).Distinct().Count() >= 4);
        Assert.True(cases.Select(c => c.CustomerId).Distinct().Count() > 75);
        Assert.Equal(generated.Result.OpenCases, cases.Count(c => c.Status is not (CaseStatus.Resolved or CaseStatus.Closed)));

        foreach (var serviceCase in cases)
        {
            var thread = serviceCase.Thread.OrderBy(e => e.Id).ToList();
            Assert.Equal(CaseEntryKind.CustomerMessage, thread[0].Kind);
            Assert.Equal(serviceCase.OpenedAtUtc, thread[0].AtUtc);
            Assert.All(thread.Zip(thread.Skip(1)), pair => Assert.True(pair.First.AtUtc <= pair.Second.AtUtc, $"{serviceCase.Number}: entries out of order"));
            Assert.True(thread[^1].AtUtc <= GeneratedServiceFixture.Now);

            // The status is the last status change on the thread (a reply to a new case opens it).
            var lastStatus = thread.LastOrDefault(e => e.Status is not null)?.Status ?? CaseStatus.New;
            Assert.Equal(lastStatus, serviceCase.Status);
            Assert.Equal(serviceCase.Status is CaseStatus.Resolved or CaseStatus.Closed, serviceCase.ResolvedAtUtc is not null);
            Assert.Equal(serviceCase.Status == CaseStatus.Closed, serviceCase.ClosedAtUtc is not null);
            Assert.Equal(thread.FirstOrDefault(e => e.Kind == CaseEntryKind.PublicReply)?.AtUtc, serviceCase.FirstRespondedAtUtc);

            // A customer's message ends a wait for the customer, as on a live case.
            var waitingSince = thread.FindLastIndex(e => e.Status is not null);
            if (serviceCase.Status == CaseStatus.PendingCustomer)
            {
                Assert.DoesNotContain(thread.Skip(waitingSince + 1), e => e.Kind == CaseEntryKind.CustomerMessage);
            }
        }

        // Pending periods: cases that waited for the customer or a third party and went on afterwards.
        Assert.Contains(cases, c => c.Status == CaseStatus.Closed && c.Thread.Any(e => e.Status == CaseStatus.PendingCustomer));
        Assert.Contains(cases, c => c.Status == CaseStatus.Closed && c.Thread.Any(e => e.Status == CaseStatus.PendingThirdParty));
        // Most of a year's history is closed; what is still open was opened recently.
        Assert.True(cases.Count(c => c.Status == CaseStatus.Closed) > cases.Count / 2);
        Assert.True(cases.Where(c => c.Status == CaseStatus.New).All(c => c.OpenedAtUtc > GeneratedServiceFixture.Now.AddDays(-1)));
        Assert.True(cases.Min(c => c.OpenedAtUtc) < GeneratedServiceFixture.Now.AddDays(-200));
    }

    [Fact]
    public async Task Some_cases_are_in_warning_and_some_breached_and_the_SLA_code_recomputing_them_agrees_and_records_nothing_new()
    {
        var now = GeneratedServiceFixture.Now;
        var states = await generated.Host.QueryAsync(db => db.Set<ServiceCase>().GroupBy(c => c.SlaState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.True(states.Single(s => s.Key == CaseSlaState.Breached).Count > 0);
        Assert.True(states.Single(s => s.Key == CaseSlaState.Warning).Count > 0);
        Assert.True(states.Single(s => s.Key == CaseSlaState.Running).Count > 0);
        Assert.True(states.Single(s => s.Key == CaseSlaState.Met).Count > 0);
        Assert.Equal(generated.Result.BreachedNow, states.Single(s => s.Key == CaseSlaState.Breached).Count);
        Assert.True(generated.Result.Breaches > 0 && generated.Result.Warnings > 0);

        // Nothing is due for the sweep at the generation instant: every threshold reached was recorded.
        Assert.False(await generated.Host.QueryAsync(db => db.Set<ServiceCase>().AnyAsync(c => c.SlaNextCheckAtUtc != null && c.SlaNextCheckAtUtc <= now)));

        await using var scope = generated.Host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Crm.Kernel.Data.CrmDbContext>>().CreateDbContextAsync();
        var cases = await db.Set<ServiceCase>().Include(c => c.Thread).AsSplitQuery().ToListAsync();
        var warnings = 0;
        var breaches = 0;
        foreach (var serviceCase in cases)
        {
            var thread = serviceCase.Thread.OrderBy(e => e.Id).ToList();
            var slaEvents = thread.Where(e => e.AuthorId == ServiceCase.SlaActor).ToList();
            warnings += slaEvents.Count(e => e.Body.StartsWith("SLA warning:", StringComparison.Ordinal));
            breaches += slaEvents.Count(e => e.Body.StartsWith("SLA breached:", StringComparison.Ordinal));
            if (serviceCase.SlaState == CaseSlaState.Breached)
            {
                Assert.Contains(slaEvents, e => e.Body.StartsWith("SLA breached:", StringComparison.Ordinal));
            }

            Assert.Equal(serviceCase.SlaState, CaseSla.Describe(serviceCase, now).State);

            var stored = Figures(serviceCase);
            var crossings = await CaseSla.RefreshAsync(db, serviceCase, now, record: true, CancellationToken.None);
            Assert.Empty(crossings);
            Assert.Equal(stored, Figures(serviceCase));
        }

        Assert.Equal(generated.Result.Warnings, warnings);
        Assert.Equal(generated.Result.Breaches, breaches);
        Assert.Contains(cases, c => c.SlaState == CaseSlaState.Breached && c.Thread.Any(e => e.Body.StartsWith("SLA breached: first response", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_demo_queues_have_members_a_supervisor_strategies_rules_and_cases()
    {
        var (queues, rules, queued, agents, managers) = await generated.Host.QueryAsync(async db =>
        {
            var roleIds = await db.Roles.Where(r => r.Name == CrmRoles.ServiceAgent || r.Name == CrmRoles.Manager).ToDictionaryAsync(r => r.Id, r => r.Name!);
            var staff = await db.UserRoles.Where(ur => roleIds.Keys.Contains(ur.RoleId)).ToListAsync();
            return (await db.Set<ServiceQueue>().AsNoTracking().Include(q => q.Members).ToListAsync(),
                await db.Set<QueueRule>().AsNoTracking().OrderBy(r => r.Position).ToListAsync(),
                await db.Set<ServiceCase>().Where(c => c.QueueId != null).GroupBy(c => c.QueueId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count),
                staff.Where(s => roleIds[s.RoleId] == CrmRoles.ServiceAgent).Select(s => s.UserId).ToHashSet(),
                staff.Where(s => roleIds[s.RoleId] == CrmRoles.Manager).Select(s => s.UserId).ToHashSet());
        });

        Assert.Equal(4, generated.Result.Queues);
        Assert.Equal(["Orders and delivery", "Returns", "Technical", "VIP"], queues.Select(q => q.Name).Order(StringComparer.Ordinal));
        Assert.All(queues, q =>
        {
            Assert.NotEmpty(q.Members);
            Assert.All(q.Members, m => Assert.True(agents.Contains(m.AgentId) || managers.Contains(m.AgentId)));
            Assert.True(q.SupervisorId is not null && managers.Contains(q.SupervisorId), $"supervisor of {q.Name}");
            Assert.True(queued.GetValueOrDefault(q.Id) > 0, $"no cases in {q.Name}");
        });
        Assert.Contains(queues, q => q.Strategy == RoutingStrategy.RoundRobin);
        Assert.Contains(queues, q => q.Strategy == RoutingStrategy.LeastLoaded);
        Assert.Equal(5, rules.Count);
        Assert.Contains(rules, r => r.Keywords.Contains("refund", StringComparison.Ordinal) && r.QueueId == queues.Single(q => q.Name == "Returns").Id);
        Assert.Contains(rules, r => r.Category == "Technical" && r.QueueId == queues.Single(q => q.Name == "Technical").Id);

        // A second run adds cases but no second set of queues or rules.
        var again = await GenerateAsync(generated.Host, customers: 0, casesPerCustomer: 0.01, allowBulk: true);
        Assert.Equal(0, again.Queues);
        Assert.Equal(5, await generated.Host.QueryAsync(db => db.Set<QueueRule>().CountAsync()));
    }

    [Fact]
    public async Task Cases_are_owned_by_agents_and_their_openings_replies_and_status_changes_are_on_the_customers_timeline()
    {
        var (owners, workers, unassignedNew) = await generated.Host.QueryAsync(async db =>
        {
            var roleIds = db.Roles.Where(r => r.Name == CrmRoles.ServiceAgent || r.Name == CrmRoles.Manager).Select(r => r.Id);
            return (await db.Set<ServiceCase>().Where(c => c.OwnerId != null).Select(c => c.OwnerId!).Distinct().ToListAsync(),
                await db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId).ToListAsync(),
                await db.Set<ServiceCase>().CountAsync(c => c.OwnerId == null && c.Status == CaseStatus.New));
        });
        Assert.NotEmpty(owners);
        Assert.All(owners, o => Assert.Contains(o, workers));
        Assert.True(unassignedNew >= 0);

        Assert.True(generated.Result.TimelineEntries > generated.Result.Cases);
        var expected = await generated.Host.QueryAsync(db => db.Set<CaseEntry>().CountAsync(e => e.Kind == CaseEntryKind.PublicReply || e.Status != null));
        Assert.True(generated.Result.TimelineEntries >= expected, $"{generated.Result.TimelineEntries} timeline entries for {expected} replies and status changes");

        var someCase = await generated.Host.QueryAsync(db => db.Set<ServiceCase>().OrderBy(c => c.Id).FirstAsync());
        using var manager = await generated.Host.SignedInClientAsync("manager@ecrm.local");
        var timeline = await manager.GetStringAsync(new Uri($"/api/v1/customers/{someCase.CustomerId}/interactions?pageSize=100", UriKind.Relative));
        Assert.Contains(someCase.Number, timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Development_demo_data_shows_cases_on_the_api()
    {
        await using var host = CrmWebHost.WithDemoData();
        using var agent = await host.SignedInClientAsync("agent@ecrm.local");
        var page = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri("/api/v1/cases?openOnly=true&pageSize=100", UriKind.Relative), Cases.CasesFixture.Json);

        Assert.NotNull(page);
        Assert.True(page.TotalCount > 20, $"{page.TotalCount} open cases");
        Assert.Contains(page.Items, c => c.QueueName is not null);
        Assert.Contains(page.Items, c => c.OwnerName == "Sam Agent");
        Assert.Contains(page.Items, c => c.SlaState == CaseSlaState.Breached);
        Assert.Equal(4, await host.QueryAsync(db => db.Set<ServiceQueue>().CountAsync()));
    }

    internal static CrmWebHost NewHost(DateTime now) =>
        CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoCustomers, configureServices: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));

    internal static async Task<GeneratedService> GenerateAsync(CrmWebHost host, int customers, double casesPerCustomer, bool allowBulk)
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:generator", CrmRoles.Admin);
        if (customers > 0)
        {
            await scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>().GenerateAsync(customers, 0, seed: 3, progress: null);
        }

        var generator = (ServiceDataGenerator)scope.ServiceProvider.GetRequiredService<IServiceDataGenerator>();
        return await generator.GenerateAsync(new ServiceGeneration { CasesPerCustomer = casesPerCustomer, Seed = 17 }, progress: null, allowBulk,
            ServiceDataGenerator.DeferIndexesFromCases, CancellationToken.None);
    }

    private static string Figures(ServiceCase c) => string.Join("|", c.SlaState, c.SlaRecorded, c.SlaNextCheckAtUtc?.ToString("O"),
        c.FirstResponseDueAtUtc?.ToString("O"), c.FirstResponseWarningAtUtc?.ToString("O"), c.NextResponseDueAtUtc?.ToString("O"),
        c.NextResponseWarningAtUtc?.ToString("O"), c.ResolutionDueAtUtc?.ToString("O"), c.ResolutionWarningAtUtc?.ToString("O"));

    /// <summary>
    /// The queues, then every case with its thread, user ids replaced by the users' emails. The audit stamps are left out: on
    /// the EF path the context stamps them as it saves (as it does for the Sales generator's orders).
    /// </summary>
    private static Task<List<string>> SnapshotAsync(CrmWebHost host) => host.QueryAsync(async db =>
    {
        var users = await db.Users.ToDictionaryAsync(u => u.Id, u => u.Email);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Include(q => q.Members).OrderBy(q => q.Id).ToListAsync();
        var cases = await db.Set<ServiceCase>().AsNoTracking().Include(c => c.Thread).AsSplitQuery().OrderBy(c => c.Id).ToListAsync();
        string? U(string? id) => id is null ? null : users.GetValueOrDefault(id, id);
        return queues.Select(q => string.Join("|", q.Id, q.Name, q.Strategy, U(q.SupervisorId), string.Join(",", q.Members.Select(m => U(m.AgentId)).Order(StringComparer.Ordinal))))
            .Concat(cases.Select(c => string.Join("|",
                c.Id, c.CustomerId, c.Subject, c.Category, c.Channel, c.Priority, c.Status, U(c.OwnerId), c.QueueId, U(c.PreferredAgentId), c.Tags,
                c.OpenedAtUtc.ToString("O"), c.FirstRespondedAtUtc?.ToString("O"), c.ResolvedAtUtc?.ToString("O"), c.ClosedAtUtc?.ToString("O"),
                c.LastActivityAtUtc.ToString("O"), c.SlaPolicyId, c.SlaPolicies, Figures(c), c.Version != Guid.Empty,
                string.Join(",", c.Thread.OrderBy(e => e.Id).Select(e => $"{e.Id}/{e.Kind}/{e.Channel}/{U(e.AuthorId)}/{e.AtUtc:O}/{e.Status}/{e.Body}")))))
            .ToList();
    });
}
