using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Service.Contracts;
using static Crm.Service.Tests.Features.Cases.CasesFixture;
using static Crm.Service.Tests.Features.Sla.SlaHost;

namespace Crm.Service.Tests.Features.Sla;

/// <summary>
/// SLA policies stored, applied and swept on a real host whose clock the test drives. Instants are UTC; Berlin is UTC+1 in
/// March 2026 (2026-03-06 is a Friday, 2026-03-09 the Monday after).
/// </summary>
public sealed class SlaApiTests : IAsyncLifetime
{
    private SlaHost host = null!;

    public async Task InitializeAsync() => host = await StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static DateTime Utc(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    private Task<SlaPolicyDto> FastPolicyAsync(string category, int? resolution = null) => host.PolicyAsync(new SlaPolicyInput
    {
        Name = $"{category} policy", Category = category, CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60, ResolutionMinutes = resolution,
    });

    [Fact]
    public async Task A_case_opened_Friday_1630_Berlin_with_a_60_minute_first_response_is_due_Monday_0930()
    {
        var policy = await FastPolicyAsync("Delivery", resolution: 960);
        var opened = await host.OpenAsync(await host.CustomerAsync("Friday"), "Delivery");

        Assert.Equal((policy.Id, "Delivery policy", "Berlin office", "Europe/Berlin"),
            (opened.Sla.PolicyId, opened.Sla.PolicyName, opened.Sla.CalendarName, opened.Sla.TimeZoneId));
        var first = opened.Sla.Targets.Single(t => t.Target == SlaTarget.FirstResponse);
        Assert.Equal(Utc("2026-03-09T08:30Z"), first.DueAtUtc);     // Mon 09:30 Berlin
        Assert.Equal(Utc("2026-03-09T08:15Z"), first.WarningAtUtc);
        Assert.Equal(CaseSlaState.Running, first.State);
        Assert.Contains("policy \"Delivery policy\", calendar \"Berlin office\" (Europe/Berlin)", first.Explanation, StringComparison.Ordinal);
        Assert.Equal(Utc("2026-03-09T08:30Z"), await host.StoredAsync(opened.Id, c => c.FirstResponseDueAtUtc));
        Assert.Equal(Utc("2026-03-09T08:15Z"), await host.StoredAsync(opened.Id, c => c.SlaNextCheckAtUtc));

        // A case no specific policy matches gets the seeded catch-all, 24x7.
        var other = await host.OpenAsync(await host.CustomerAsync("Other"), "Anything else");
        Assert.Equal("Standard", other.Sla.PolicyName);
        Assert.Equal(FridayAfternoon.AddHours(4), other.Sla.Targets.Single(t => t.Target == SlaTarget.FirstResponse).DueAtUtc);
    }

    [Fact]
    public async Task A_pending_stretch_moves_the_resolution_deadline_by_the_business_time_it_lasted()
    {
        await FastPolicyAsync("Repairs", resolution: 960);
        host.Clock.SetUtcNow(Utc("2026-03-09T08:00Z")); // Mon 09:00
        var opened = await host.OpenAsync(await host.CustomerAsync("Pending"), "Repairs");
        Assert.Equal(Utc("2026-03-10T16:00Z"), opened.Sla.Targets.Single(t => t.Target == SlaTarget.Resolution).DueAtUtc); // Tue 17:00

        host.Clock.SetUtcNow(Utc("2026-03-10T09:00Z")); // Tue 10:00
        var pending = await host.StatusAsync(opened.Id, CaseStatus.PendingCustomer);
        var paused = pending.Sla.Targets.Single(t => t.Target == SlaTarget.Resolution);
        Assert.Equal((CaseSlaState.Paused, (DateTime?)null), (paused.State, paused.DueAtUtc));
        Assert.Null(await host.StoredAsync(opened.Id, c => c.ResolutionDueAtUtc));

        host.Clock.SetUtcNow(Utc("2026-03-10T13:00Z")); // Tue 14:00
        var resumed = await host.StatusAsync(opened.Id, CaseStatus.Open);
        Assert.Equal(Utc("2026-03-11T12:00Z"), resumed.Sla.Targets.Single(t => t.Target == SlaTarget.Resolution).DueAtUtc); // Wed 13:00
        Assert.Equal(Utc("2026-03-11T12:00Z"), await host.StoredAsync(opened.Id, c => c.ResolutionDueAtUtc));
        Assert.Contains("Paused Tue 2026-03-10 10:00 to Tue 2026-03-10 14:00 (Pending customer).",
            resumed.Sla.Targets.Single(t => t.Target == SlaTarget.Resolution).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_shows_the_deadline_of_the_target_still_running_not_a_met_or_paused_one()
    {
        await FastPolicyAsync("Returns", resolution: 960);
        host.Clock.SetUtcNow(Utc("2026-03-09T08:00Z")); // Mon 09:00
        var customer = await host.CustomerAsync("ListDue");
        var opened = await host.OpenAsync(customer, "Returns");
        async Task<DateTime?> ListedDueAsync()
        {
            using var agent = await host.ClientAsync(Agent);
            var list = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri($"/api/v1/cases?customerId={customer}", UriKind.Relative), Json);
            return Assert.Single(list!.Items).SlaDueAtUtc;
        }

        Assert.Equal(Utc("2026-03-09T09:00Z"), await ListedDueAsync()); // the first response, Mon 10:00

        host.Clock.SetUtcNow(Utc("2026-03-09T08:30Z"));
        using (var agent = await host.ClientAsync(Agent))
        using (var reply = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("We are on it.")))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        Assert.Equal(Utc("2026-03-10T16:00Z"), await ListedDueAsync()); // first response met: the resolution, Tue 17:00

        host.Clock.SetUtcNow(Utc("2026-03-10T09:00Z"));
        await host.StatusAsync(opened.Id, CaseStatus.PendingCustomer);
        Assert.Null(await ListedDueAsync()); // waiting on the customer: no clock runs

        host.Clock.SetUtcNow(Utc("2026-03-10T13:00Z"));
        await host.StatusAsync(opened.Id, CaseStatus.Open);
        Assert.Equal(Utc("2026-03-11T12:00Z"), await ListedDueAsync()); // resumed, four business hours later
    }

    [Fact]
    public async Task An_edit_picks_the_policy_again_only_when_the_priority_or_category_changes()
    {
        await FastPolicyAsync("Warranty", resolution: 960);
        var opened = await host.OpenAsync(await host.CustomerAsync("Triage"), "Warranty");
        Assert.Equal("Warranty policy", opened.Sla.PolicyName);
        // A new policy for the same cases goes first: it applies to new cases, and to this one only when it is triaged again.
        await host.PolicyAsync(new SlaPolicyInput { Name = "Warranty, new terms", Category = "Warranty", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 15 });

        async Task<CaseDetails> EditAsync(CaseDetails current, CasePriority priority, params string[] tags)
        {
            using var agent = await host.ClientAsync(Agent);
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/cases/{current.Id}", UriKind.Relative))
            {
                Content = JsonContent.Create(new CaseUpdateInput(current.Subject, priority, tags) { Category = current.Category }, options: Json),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{current.Version:N}\"");
            using var response = await agent.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await ReadAsync<CaseDetails>(response);
        }

        var tagged = await EditAsync(opened, CasePriority.Normal, "vip");
        Assert.Equal(("Warranty policy", opened.Sla.Targets.Count), (tagged.Sla.PolicyName, tagged.Sla.Targets.Count)); // a tag changes nothing the policies match on

        var urgent = await EditAsync(tagged, CasePriority.Urgent, "vip");
        Assert.Equal("Warranty, new terms", urgent.Sla.PolicyName);
    }

    [Fact]
    public async Task Changing_the_calendar_recomputes_an_open_case_at_once()
    {
        await FastPolicyAsync("Billing");
        var opened = await host.OpenAsync(await host.CustomerAsync("Holiday"), "Billing");
        host.Clock.SetUtcNow(FridayAfternoon.AddMinutes(10)); // Fri 16:40: 10 minutes used

        using (var manager = await host.ClientAsync(Manager))
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/sla/calendars/{host.BerlinCalendarId}", UriKind.Relative))
            {
                Content = JsonContent.Create(BerlinOffice(new HolidayDto(new DateOnly(2026, 3, 9), "Closed Monday", false)), options: Json),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{host.BerlinCalendarVersion:N}\"");
            using var changed = await manager.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        // The change woke the host's sweep: the case is recomputed at once, the clock standing still.
        await host.SweptByTheHostAsync(opened.Id);

        Assert.Equal(Utc("2026-03-10T08:30Z"), await host.StoredAsync(opened.Id, c => c.FirstResponseDueAtUtc)); // Tue 09:30
        var first = (await host.CaseAsync(opened.Id)).Sla.Targets.Single(t => t.Target == SlaTarget.FirstResponse);
        Assert.Equal(Utc("2026-03-10T08:30Z"), first.DueAtUtc);
        Assert.Equal(10, first.UsedMinutes);
        Assert.Contains("Mon 2026-03-09 (Closed Monday)", first.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sweep_records_a_warning_and_a_breach_once_each_and_publishes_them()
    {
        await FastPolicyAsync("Returns");
        var opened = await host.OpenAsync(await host.CustomerAsync("Sweep"), "Returns");

        await host.SweepAtAsync(Utc("2026-03-09T08:16Z")); // Mon 09:16: 46 of 60 minutes used
        await host.SweepAtAsync(Utc("2026-03-09T08:16Z"));
        Assert.Equal(CaseSlaState.Warning, await host.StoredAsync(opened.Id, c => c.SlaState));
        Assert.Equal(Utc("2026-03-09T08:30Z"), await host.StoredAsync(opened.Id, c => c.SlaNextCheckAtUtc));

        await host.SweepAtAsync(Utc("2026-03-09T08:31Z"));
        Assert.Equal(0, await host.SweepAtAsync(Utc("2026-03-09T08:32Z")));

        var thread = (await host.CaseAsync(opened.Id)).Thread;
        Assert.Single(thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("SLA warning: 75 % of the first response target used", StringComparison.Ordinal));
        Assert.Single(thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("SLA breached: first response was due 2026-03-09 08:30 UTC", StringComparison.Ordinal));
        Assert.Equal(CaseSlaState.Breached, await host.StoredAsync(opened.Id, c => c.SlaState));
        Assert.Null(await host.StoredAsync(opened.Id, c => c.SlaNextCheckAtUtc));

        await host.Host.OutboxSettledAsync();
        Assert.Equal(
            [(typeof(SlaWarning), opened.Id, SlaTarget.FirstResponse), (typeof(SlaBreached), opened.Id, SlaTarget.FirstResponse)],
            host.Events.Received.Select(e => e switch
            {
                SlaWarning w => (typeof(SlaWarning), w.CaseId, w.Target),
                SlaBreached b => (typeof(SlaBreached), b.CaseId, b.Target),
                _ => (e.GetType(), 0L, SlaTarget.Resolution),
            }).ToList());

        // A list filter by SLA state finds it.
        using var agent = await host.ClientAsync(Agent);
        var breached = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri("/api/v1/cases?slaState=Breached", UriKind.Relative), Json);
        Assert.Equal([opened.Id], breached!.Items.Select(i => i.Id));
        Assert.Equal(CaseSlaState.Breached, breached.Items[0].SlaState);
    }

    [Fact]
    public async Task Changing_a_policy_clears_a_stale_warning_and_keeps_the_time_used()
    {
        var policy = await FastPolicyAsync("Invoices");
        var opened = await host.OpenAsync(await host.CustomerAsync("Stale"), "Invoices");
        await host.SweepAtAsync(Utc("2026-03-09T08:16Z"));
        Assert.Equal(CaseSlaState.Warning, await host.StoredAsync(opened.Id, c => c.SlaState));

        await host.ChangePolicyAsync(policy, new SlaPolicyInput
        {
            Name = policy.Name, Category = "Invoices", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 240,
        });

        await host.SweepAtAsync(Utc("2026-03-09T08:17Z"));

        Assert.Equal(CaseSlaState.Running, await host.StoredAsync(opened.Id, c => c.SlaState));
        Assert.Equal("", await host.StoredAsync(opened.Id, c => c.SlaRecorded));
        // 46 minutes were used by Mon 09:16 (30 on Friday, 16 on Monday); the 240-minute target is due Mon 12:30.
        Assert.Equal(Utc("2026-03-09T11:30Z"), await host.StoredAsync(opened.Id, c => c.FirstResponseDueAtUtc));
        Assert.Equal(Utc("2026-03-09T10:30Z"), await host.StoredAsync(opened.Id, c => c.SlaNextCheckAtUtc)); // 180 used: 11:30
    }

    [Fact]
    public async Task A_policy_change_recomputes_all_its_open_cases_at_once_each_keeping_its_own_time_used()
    {
        var policy = await FastPolicyAsync("Warranty");
        var cases = new List<CaseDetails>();
        foreach (var minutes in new[] { 0, 10, 20 })
        {
            host.Clock.SetUtcNow(FridayAfternoon.AddMinutes(minutes)); // Fri 16:30, 16:40, 16:50
            cases.Add(await host.OpenAsync(await host.CustomerAsync($"Warranty{minutes}"), "Warranty"));
        }

        var resolved = cases[2];
        await host.StatusAsync(resolved.Id, CaseStatus.Resolved);
        var resolvedFigures = await host.StoredAsync(resolved.Id, c => (c.SlaState, c.ResolutionDueAtUtc, c.SlaPolicies));
        host.Clock.SetUtcNow(Utc("2026-03-09T08:05Z")); // Mon 09:05
        await host.ChangePolicyAsync(policy, new SlaPolicyInput
        {
            Name = policy.Name, Category = "Warranty", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 120,
        });

        // Used by Mon 09:05: 35 minutes (30 Friday, 5 Monday) and 25 (20 + 5); 120-minute targets: 85 and 95 more.
        await host.SweptByTheHostAsync(cases[0].Id);
        await host.SweptByTheHostAsync(cases[1].Id);
        Assert.Equal(Utc("2026-03-09T09:30Z"), await host.StoredAsync(cases[0].Id, c => c.FirstResponseDueAtUtc)); // Mon 10:30
        Assert.Equal(Utc("2026-03-09T09:40Z"), await host.StoredAsync(cases[1].Id, c => c.FirstResponseDueAtUtc)); // Mon 10:40
        Assert.Equal(CaseSlaState.Running, await host.StoredAsync(cases[0].Id, c => c.SlaState));
        // A resolved case keeps the figures and the policy definition it was resolved under.
        Assert.Equal(resolvedFigures, await host.StoredAsync(resolved.Id, c => (c.SlaState, c.ResolutionDueAtUtc, c.SlaPolicies)));
    }

    [Fact]
    public async Task Calendar_and_policy_problems_are_named_by_field_and_new_policies_go_first_and_move()
    {
        using var manager = await host.ClientAsync(Manager);
        using var badCalendar = await manager.PostAsJsonAsync(new Uri("/api/v1/sla/calendars", UriKind.Relative), new BusinessCalendarInput
        {
            Name = "Berlin office", TimeZoneId = "Mars/Olympus",
            Periods = [new WorkingPeriodDto(DayOfWeek.Monday, "09:00", "12:00"), new WorkingPeriodDto(DayOfWeek.Monday, "11:00", "13:00"), new WorkingPeriodDto(DayOfWeek.Tuesday, "9am", "17:00")],
        }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, badCalendar.StatusCode);
        var problem = await badCalendar.Content.ReadAsStringAsync();
        Assert.Contains("\"periods[2]\"", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'9am' is not a time of day", problem, StringComparison.Ordinal);
        Assert.Contains("\"name\"", problem, StringComparison.OrdinalIgnoreCase); // the name is taken already
        Assert.Contains("\"timeZoneId\"", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("overlap", problem, StringComparison.Ordinal);

        using var badPolicy = await manager.PostAsJsonAsync(new Uri("/api/v1/sla/policies", UriKind.Relative),
            new SlaPolicyInput { Name = "Bad", CalendarId = 987_654, FirstResponseMinutes = 0, WarningPercent = 100 }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy.StatusCode);
        var policyProblem = await badPolicy.Content.ReadAsStringAsync();
        foreach (var field in new[] { "calendarId", "firstResponseMinutes", "warningPercent" })
        {
            Assert.Contains($"\"{field}\"", policyProblem, StringComparison.OrdinalIgnoreCase);
        }

        var first = await FastPolicyAsync("Alpha");
        var second = await FastPolicyAsync("Beta");
        var order = await manager.GetFromJsonAsync<List<SlaPolicyDto>>(new Uri("/api/v1/sla/policies", UriKind.Relative), Json);
        Assert.Equal([second.Id, first.Id, 1L], order!.Select(p => p.Id));
        using var moved = await manager.PostAsync(new Uri($"/api/v1/sla/policies/{first.Id}/move?up=true", UriKind.Relative), null);
        var after = await ReadAsync<List<SlaPolicyDto>>(moved);
        Assert.Equal([(first.Id, 1), (second.Id, 2), (1L, 3)], after.Select(p => (p.Id, p.Position)));

        // Deactivated, it is skipped: an Alpha case falls to the catch-all.
        using var deactivated = await manager.PostAsync(new Uri($"/api/v1/sla/policies/{first.Id}/deactivate", UriKind.Relative), null);
        Assert.False((await ReadAsync<SlaPolicyDto>(deactivated)).IsActive);
        var alpha = await host.OpenAsync(await host.CustomerAsync("Alpha"), "Alpha");
        Assert.Equal("Standard", alpha.Sla.PolicyName);
    }

    [Theory]
    [InlineData(CaseAccess.Agent, HttpStatusCode.Forbidden)]
    [InlineData(CaseAccess.Rep, HttpStatusCode.Forbidden)]
    [InlineData(CaseAccess.Manager, HttpStatusCode.OK)]
    [InlineData(CaseAccess.Admin, HttpStatusCode.OK)]
    public async Task Only_Managers_and_Admins_see_and_change_calendars_and_policies(string email, HttpStatusCode expected)
    {
        using var client = await host.ClientAsync(email);
        using var policies = await client.GetAsync(new Uri("/api/v1/sla/policies", UriKind.Relative));
        using var calendars = await client.GetAsync(new Uri("/api/v1/sla/calendars", UriKind.Relative));
        using var page = await client.GetAsync(new Uri("/sla/policies", UriKind.Relative));
        using var create = await client.PostAsJsonAsync(new Uri("/api/v1/sla/policies", UriKind.Relative),
            new SlaPolicyInput { Name = $"By {email}", CalendarId = 1, FirstResponseMinutes = 30 }, Json);

        Assert.Equal(expected, policies.StatusCode);
        Assert.Equal(expected, calendars.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.Created : HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(expected, page.StatusCode);
    }

    private static class CaseAccess
    {
        public const string Agent = "agent@ecrm.local";
        public const string Rep = "rep@ecrm.local";
        public const string Manager = "manager@ecrm.local";
        public const string Admin = "admin@ecrm.local";
    }
}
