using System.Net;
using System.Net.Http.Json;
using System.Text;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Sla;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Reports;

/// <summary>
/// The service report over four cases with known timestamps on a host whose clock the test drives, against figures
/// computed by hand. Calendar Mon-Fri 09:00-17:00 Europe/Berlin (UTC+1 in March 2026); policy: first response 60, resolution
/// 960 business minutes. All cases open Monday 2026-03-09 08:00Z (09:00 Berlin).
/// </summary>
public sealed class ServiceReportApiTests : IAsyncLifetime
{
    private static readonly DateTime Monday = new(2026, 3, 9, 8, 0, 0, DateTimeKind.Utc);

    private SlaHost host = null!;

    public async Task InitializeAsync() => host = await SlaHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_report_figures_equal_a_hand_computation_in_business_time()
    {
        var (a, b, c, d) = await FourCasesAsync();
        using var manager = await host.ClientAsync(Manager);

        var report = (await manager.GetFromJsonAsync<ServiceReport>(new Uri("/api/v1/service/reports?from=2026-03-09&to=2026-03-10", UriKind.Relative), Json))!;

        Assert.Equal((4, 3, 1), (report.Created, report.Resolved, report.Backlog));
        var backlog = Assert.Single(report.BacklogByQueue);
        Assert.Equal((0, 0, 1, 0), (backlog.Low, backlog.Normal, backlog.High, backlog.Urgent));
        Assert.Equal(
            [new DayCount(new DateOnly(2026, 3, 9), 4, 2), new DayCount(new DateOnly(2026, 3, 10), 0, 1)],
            report.Days);

        // First responses (business minutes): A 20, C 40, B 90; nearest rank: median = 2nd of 3, p90 = 3rd of 3.
        Assert.Equal(new BusinessTimes(3, 40, 90), report.FirstResponse);
        // Resolutions: C 60 + 120 after a 4-hour pause = 180; B Monday 480 + Tuesday 60 = 540; A resolved 10:00Z, reopened
        // 10:30Z and resolved again 11:00Z (150 or 180 as the clock counts the reopened half hour: the median is 180 either way).
        Assert.Equal(3, report.Resolution.Cases);
        Assert.Equal((180d, 540d), (report.Resolution.MedianMinutes, report.Resolution.P90Minutes));
        var normal = report.TimesByPriority.Single(p => p.Priority == CasePriority.Normal);
        Assert.Equal(new BusinessTimes(3, 40, 90), normal.FirstResponse);
        Assert.Equal(new BusinessTimes(0, null, null), report.TimesByPriority.Single(p => p.Priority == CasePriority.High).FirstResponse);

        // Attainment: 3 resolved with the policy, B breached its first response.
        Assert.Equal((3, 2, 66.7), (report.Overall.Cases, report.Overall.Kept, report.Overall.Percent));
        var policy = Assert.Single(report.AttainmentByPolicy);
        Assert.Equal(("Reports policy", 3, 2), (policy.Name, policy.Cases, policy.Kept));
        Assert.Equal(3, report.AttainmentByQueue.Sum(q => q.Cases));
        Assert.Equal(3, report.AttainmentByAgent.Sum(q => q.Cases));

        // Breaches: B (answered late) and D (never answered, found by the sweep), both first response due Mon 09:00Z.
        Assert.Equal(2, report.BreachCount);
        Assert.Equal([d, b], report.Breaches.Select(r => r.CaseId));
        Assert.All(report.Breaches, r => Assert.Equal((Monday.AddHours(1), true, false), (r.BreachedAtUtc, r.FirstResponse, r.Resolution)));

        Assert.Equal((3, 1, 33.3), (report.Reopens.Resolved, report.Reopens.Reopened, report.Reopens.Percent));

        // No Analytics figures yet: every customer is tier None. Average first response (20 + 40 + 90) / 3 = 50.
        var none = report.Tiers.Single(t => t.Tier == "None");
        Assert.Equal((4, 4, 3, 50d, 3, 2), (none.Customers, none.Cases, none.Answered, none.AverageFirstResponseMinutes, none.SlaResolved, none.SlaKept));
        Assert.All(report.Tiers.Where(t => t.Tier != "None"), t => Assert.Equal(0, t.Cases));
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task The_breaches_export_is_formula_safe_csv()
    {
        await FourCasesAsync();
        using var manager = await host.ClientAsync(Manager);

        using var response = await manager.GetAsync(new Uri("/api/v1/service/reports/export?table=Breaches&from=2026-03-09&to=2026-03-10", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("case,subject,customer_id,customer,queue,owner,policy,priority,status,breached_at_utc,first_response_breached,resolution_breached", lines[0]);
        Assert.Equal(3, lines.Length);
        // D's subject starts with "=": written with a leading apostrophe so a spreadsheet shows it as text.
        Assert.Contains(",'=SUM(1+1) never answered,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",Reports policy,High,New,2026-03-09 09:00:00,yes,no", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-03-10&to=2026-03-09", "to")]
    [InlineData("from=2025-03-09&to=2026-03-09", "from")]
    [InlineData("queueId=987654", "queueId")]
    public async Task A_bad_period_or_queue_is_a_validation_problem_naming_the_field(string query, string field)
    {
        using var manager = await host.ClientAsync(Manager);

        using var response = await manager.GetAsync(new Uri($"/api/v1/service/reports?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(Json);
        Assert.True(problem!.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
    }

    [Fact]
    public async Task Twelve_months_are_allowed_and_only_Managers_and_Admins_read_the_report()
    {
        using var manager = await host.ClientAsync(Manager);
        using var year = await manager.GetAsync(new Uri("/api/v1/service/reports?from=2025-03-10&to=2026-03-09", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, year.StatusCode);

        using var agent = await host.ClientAsync(Agent);
        using var refused = await agent.GetAsync(new Uri("/api/v1/service/reports", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>The four cases; returns their ids (A, B, C, D).</summary>
    private async Task<(long A, long B, long C, long D)> FourCasesAsync()
    {
        await host.PolicyAsync(new SlaPolicyInput
        {
            Name = "Reports policy", Category = "Reports", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60, ResolutionMinutes = 960,
        });
        host.Clock.SetUtcNow(Monday);
        var a = (await host.OpenAsync(await host.CustomerAsync("Ann"), "Reports")).Id;
        var b = (await host.OpenAsync(await host.CustomerAsync("Bob"), "Reports")).Id;
        var c = (await host.OpenAsync(await host.CustomerAsync("Cem"), "Reports")).Id;
        long d;
        using (var agent = await host.ClientAsync(Agent))
        {
            using var opened = await OpenAsync(agent, new CaseInput
            {
                CustomerId = await host.CustomerAsync("Dan"), Subject = "=SUM(1+1) never answered", Description = "Hello?", Channel = Channel.Email,
                Category = "Reports", Priority = CasePriority.High,
            });
            d = (await ReadAsync<CaseDetails>(opened)).Id;
        }

        await At(Monday.AddMinutes(20), () => ReplyAsync(a));                    // A: first response 20
        await At(Monday.AddMinutes(40), () => ReplyAsync(c));                    // C: first response 40
        await At(Monday.AddMinutes(60), () => host.StatusAsync(c, CaseStatus.PendingCustomer));
        await At(Monday.AddMinutes(90), () => ReplyAsync(b));                    // B: first response 90, breached (due 09:00Z)
        await At(Monday.AddHours(2), () => host.StatusAsync(a, CaseStatus.Resolved));
        await At(Monday.AddHours(2.5), () => host.StatusAsync(a, CaseStatus.Open));     // reopened
        await At(Monday.AddHours(3), () => host.StatusAsync(a, CaseStatus.Resolved));
        await At(Monday.AddHours(5), () => host.StatusAsync(c, CaseStatus.Open));       // pending 09:00Z-13:00Z
        await At(Monday.AddHours(7), () => host.StatusAsync(c, CaseStatus.Resolved));   // C: resolution 60 + 120
        await At(Monday.AddHours(25), () => host.StatusAsync(b, CaseStatus.Resolved));  // B: Tue 09:00Z, 480 + 60
        await host.SweepAtAsync(Monday.AddHours(25));                                    // records D's breach
        return (a, b, c, d);
    }

    private async Task At(DateTime utc, Func<Task> action)
    {
        host.Clock.SetUtcNow(utc);
        await action();
    }

    private async Task ReplyAsync(long caseId)
    {
        using var agent = await host.ClientAsync(Agent);
        await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{caseId}/replies", new CaseReplyInput("We are on it.")));
    }
}
