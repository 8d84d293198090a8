using System.Net;
using System.Net.Http.Json;
using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;
using static Crm.Service.Tests.Features.Cases.CasesFixture;
using static Crm.Service.Tests.Features.Sla.SlaHost;

namespace Crm.Service.Tests.Features.Sla;

/// <summary>
/// Policies matched on the customer's tier and the case's queue, the queue's working calendar, escalation rules run by the
/// sweep, and a lengthened target after a breach, on a real host whose clock the test drives. Instants are UTC; Berlin is
/// UTC+1 in March 2026 (2026-03-06 is a Friday, 2026-03-09 the Monday after).
/// </summary>
public sealed class SlaEscalationApiTests : IAsyncLifetime
{
    private SlaHost host = null!;

    public async Task InitializeAsync() => host = await StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static DateTime Utc(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    private async Task<QueueDetails> QueueAsync(string name, long? calendarId)
    {
        using var manager = await host.ClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = name, Strategy = RoutingStrategy.Manual, CalendarId = calendarId }, Json);
        return await ReadAsync<QueueDetails>(response);
    }

    [Fact]
    public async Task A_breach_escalates_once_raises_priority_moves_the_case_rechooses_the_policy_with_the_queue_calendar_and_tells_the_Managers()
    {
        var vip = await QueueAsync("VIP", calendarId: 1); // the seeded 24x7 calendar
        Assert.Equal((1L, "Around the clock (24x7)"), (vip.CalendarId!.Value, vip.CalendarName));
        var gold = await host.PolicyAsync(new SlaPolicyInput
        {
            Name = "Gold customers", MinimumTier = CustomerTier.Gold, CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60,
            EscalationRules =
            [
                new SlaEscalationRuleDto { Name = "Warn the team", On = SlaEscalationTrigger.Warning, Target = SlaTarget.Resolution, NotifyManagers = true },
                new SlaEscalationRuleDto
                {
                    Name = "Gold first response late", On = SlaEscalationTrigger.Breach, Target = SlaTarget.FirstResponse,
                    RaisePriorityTo = CasePriority.Urgent, ReassignToQueueId = vip.Id, NotifyManagers = true,
                },
            ],
        });
        Assert.Equal((CustomerTier.Gold, 2), (gold.MinimumTier, gold.EscalationRules!.Count));
        // Created later, so first in the match order: urgent cases in the VIP queue, measured by the queue's calendar.
        var urgentVip = await host.PolicyAsync(new SlaPolicyInput
        {
            Name = "Urgent VIP", Priority = CasePriority.Urgent, QueueId = vip.Id, UseQueueCalendar = true, CalendarId = host.BerlinCalendarId,
            FirstResponseMinutes = 120,
            EscalationRules = [new SlaEscalationRuleDto { Name = "Urgent late", On = SlaEscalationTrigger.Breach, NotifyManagers = true }],
        });
        Assert.Equal(("VIP", true), (urgentVip.QueueName, urgentVip.UseQueueCalendar));

        var goldCustomer = await host.CustomerAsync("Gold");
        host.Tiers[goldCustomer] = CustomerTier.Platinum; // better than Gold
        var silverCustomer = await host.CustomerAsync("Silver");
        host.Tiers[silverCustomer] = CustomerTier.Silver;
        var opened = await host.OpenAsync(goldCustomer, "Delivery");
        var other = await host.OpenAsync(silverCustomer, "Delivery");
        Assert.Equal(("Gold customers", "Standard"), (opened.Sla.PolicyName, other.Sla.PolicyName));
        Assert.Equal(Utc("2026-03-09T08:30Z"), opened.Sla.Targets.Single().DueAtUtc); // Fri 16:30 + 60 business minutes: Mon 09:30
        Assert.Equal("the policy's calendar \"Berlin office\"", opened.Sla.CalendarReason);

        await host.SweepAtAsync(Utc("2026-03-09T08:16Z")); // the first-response warning: no rule runs on it
        Assert.DoesNotContain((await host.CaseAsync(opened.Id)).Thread, e => e.Body.StartsWith("Escalation rule", StringComparison.Ordinal));
        await host.SweepAtAsync(Utc("2026-03-09T08:31Z")); // the breach: the rule runs
        await host.SweepAtAsync(Utc("2026-03-09T08:32Z"));
        await host.SweepAtAsync(Utc("2026-03-09T10:00Z"));

        var escalated = await host.CaseAsync(opened.Id);
        Assert.Equal((CasePriority.Urgent, vip.Id), (escalated.Priority, escalated.QueueId));
        var ran = Assert.Single(escalated.Thread, e => e.Body.StartsWith("Escalation rule", StringComparison.Ordinal));
        Assert.Equal("Escalation rule \"Gold first response late\" of policy \"Gold customers\" ran on the first response breach: " +
            "raised the priority to Urgent; moved the case to queue VIP; routing gave it to no one else; notified the Managers.", ran.Body);
        Assert.Equal(Utc("2026-03-09T08:31Z"), ran.AtUtc);
        Assert.Single(escalated.Thread, e => e.Body == "Priority raised from Normal to Urgent.");
        Assert.Single(escalated.Thread, e => e.Body.StartsWith("SLA breached", StringComparison.Ordinal));
        // Under the new policy the warning came again at 90 of 120 minutes (Mon 09:00 UTC); the breach was not recorded twice.
        Assert.Equal(2, escalated.Thread.Count(e => e.Body.StartsWith("SLA warning", StringComparison.Ordinal)));

        // The raised priority and the new queue chose "Urgent VIP" from the escalation on, on the queue's 24x7 calendar: 61 minutes
        // were used under the old policy (Fri 16:30-17:00, Mon 09:00-09:31), so 59 are left from Mon 08:31 UTC. Its own breach
        // rule did not run: the first-response breach was recorded once, under the old policy.
        Assert.Equal(("Urgent VIP", "Around the clock (24x7)"), (escalated.Sla.PolicyName, escalated.Sla.CalendarName));
        Assert.Equal("the working calendar of queue \"VIP\", as the policy uses the queue's calendar", escalated.Sla.CalendarReason);
        var first = escalated.Sla.Targets.Single();
        Assert.Equal(Utc("2026-03-09T09:30Z"), first.DueAtUtc);
        Assert.Contains("policy \"Urgent VIP\" with calendar \"Around the clock (24x7)\" applies; the time used before is kept", first.Explanation, StringComparison.Ordinal);
        Assert.Equal(CaseSlaState.Breached, first.State); // 10:00 UTC: past its 09:30 deadline, and recorded once already

        await host.Host.OutboxSettledAsync();
        using var manager = await host.ClientAsync(Manager);
        var page = (await manager.GetFromJsonAsync<AgentNotificationPage>(new Uri("/api/v1/me/notifications", UriKind.Relative), Json))!;
        var told = Assert.Single(page.Items, n => n.Kind == AgentNotificationKind.SlaEscalated);
        Assert.Equal(opened.Id, told.CaseId);
        Assert.StartsWith($"Escalated {opened.Number}: rule \"Gold first response late\" on the first response breach: raised the priority to Urgent", told.Text, StringComparison.Ordinal);
        Assert.Equal(1, host.Events.Received.OfType<SlaBreached>().Count(b => b.CaseId == opened.Id));

        // The case the rule did not apply to stays as it was.
        var untouched = await host.CaseAsync(other.Id);
        Assert.Equal((CasePriority.Normal, (long?)null), (untouched.Priority, untouched.QueueId));
        Assert.DoesNotContain(untouched.Thread, e => e.Body.StartsWith("Escalation rule", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_queue_calendar_change_recomputes_its_cases_under_a_policy_that_uses_it()
    {
        var queue = await QueueAsync("Night desk", calendarId: null);
        await host.PolicyAsync(new SlaPolicyInput
        {
            Name = "Queue hours", QueueId = queue.Id, UseQueueCalendar = true, CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60,
        });
        using var agent = await host.ClientAsync(Agent);
        var opened = await ReadAsync<CaseDetails>(await OpenAsync(agent, new CaseInput
        {
            CustomerId = await host.CustomerAsync("Night"), Subject = "Late order", Description = "Where is it?", Channel = Channel.Email, QueueId = queue.Id,
        }));
        Assert.Equal("Queue hours", opened.Sla.PolicyName);
        Assert.Equal("the policy's calendar \"Berlin office\": the policy uses the queue's calendar, but queue \"Night desk\" has none", opened.Sla.CalendarReason);
        Assert.Equal(Utc("2026-03-09T08:30Z"), opened.Sla.Targets.Single().DueAtUtc);

        host.Clock.SetUtcNow(FridayAfternoon.AddMinutes(10)); // Fri 16:40: 10 minutes used
        using (var manager = await host.ClientAsync(Manager))
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/queues/{queue.Id}", UriKind.Relative))
            {
                Content = JsonContent.Create(new QueueInput { Name = "Night desk", Strategy = RoutingStrategy.Manual, CalendarId = 1 }, options: Json),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{queue.Version:N}\"");
            using var changed = await manager.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        // The change woke the host's sweep: the case is recomputed at once, the clock standing still.
        await host.SweptByTheHostAsync(opened.Id);
        var recomputed = await host.CaseAsync(opened.Id);
        Assert.Equal("the working calendar of queue \"Night desk\", as the policy uses the queue's calendar", recomputed.Sla.CalendarReason);
        Assert.Equal(FridayAfternoon.AddMinutes(60), recomputed.Sla.Targets.Single().DueAtUtc); // 10 used, 50 more around the clock
    }

    [Fact]
    public async Task A_target_lengthened_after_a_breach_shows_the_case_running_again_and_keeps_the_breach_on_the_thread()
    {
        var policy = await host.PolicyAsync(new SlaPolicyInput { Name = "Short", Category = "Billing", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60 });
        var opened = await host.OpenAsync(await host.CustomerAsync("Lengthened"), "Billing");
        await host.SweepAtAsync(Utc("2026-03-09T08:31Z")); // warning and breach at once (this sweep or the hosted one records them)
        Assert.Equal(CaseSlaState.Breached, await host.StoredAsync(opened.Id, c => c.SlaState));

        await host.ChangePolicyAsync(policy, new SlaPolicyInput { Name = "Short", Category = "Billing", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 480 });

        Assert.Equal(0, await host.SweepAtAsync(Utc("2026-03-09T08:32Z")));

        Assert.Equal(CaseSlaState.Running, await host.StoredAsync(opened.Id, c => c.SlaState));
        var shown = await host.CaseAsync(opened.Id);
        Assert.Equal(CaseSlaState.Running, shown.Sla.State);
        Assert.Equal(Utc("2026-03-09T15:30Z"), shown.Sla.Targets.Single().DueAtUtc); // 30 minutes Friday + 450 Monday from 09:00: 16:30
        Assert.Single(shown.Thread, e => e.Body.StartsWith("SLA breached: first response was due 2026-03-09 08:30 UTC", StringComparison.Ordinal));
        using var agent = await host.ClientAsync(Agent);
        var breached = await agent.GetFromJsonAsync<PagedResult<CaseListItem>>(new Uri("/api/v1/cases?slaState=Breached", UriKind.Relative), Json);
        Assert.DoesNotContain(opened.Id, breached!.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Bad_criteria_and_rules_get_problem_details_naming_each_field()
    {
        using var manager = await host.ClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/sla/policies", UriKind.Relative), new SlaPolicyInput
        {
            Name = "Bad", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60, MinimumTier = CustomerTier.None, QueueId = 999,
            EscalationRules =
            [
                new SlaEscalationRuleDto { Name = "Nothing" },
                new SlaEscalationRuleDto { Name = "Ghost", ReassignToQueueId = 999, ReassignToAgentId = "nobody" },
            ],
        }, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(Json))!;
        // Field names as the API writes them (camel case); compared ignoring case.
        Assert.Equal(
            ["ESCALATIONRULES[0].ACTIONS", "ESCALATIONRULES[1].REASSIGNTOAGENTID", "ESCALATIONRULES[1].REASSIGNTOQUEUEID", "MINIMUMTIER", "QUEUEID"],
            problem.Errors.Keys.Select(k => k.ToUpperInvariant()).Order(StringComparer.Ordinal));
        Assert.Contains("'nobody' is no ServiceAgent, Manager or Admin.",
            problem.Errors.Single(e => e.Key.Equals("EscalationRules[1].ReassignToAgentId", StringComparison.OrdinalIgnoreCase)).Value);

        using var agent = await host.ClientAsync(Agent);
        using var forbidden = await agent.GetAsync(new Uri("/api/v1/sla/policies", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, await host.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Sla.ServiceSlaPolicy>().CountAsync(p => p.Name == "Bad")));
    }
}
