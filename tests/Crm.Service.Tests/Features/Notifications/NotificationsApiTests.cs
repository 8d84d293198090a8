using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Service.Tests.Features.Sla;
using Microsoft.EntityFrameworkCore;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Notifications;

/// <summary>
/// An agent's notifications over the API: a case someone else gives them, SLA warnings and breaches of cases they own or
/// supervise, each once; each user reads only their own.
/// </summary>
public sealed class NotificationsApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private static readonly Uri Mine = new("/api/v1/me/notifications", UriKind.Relative);

    [Fact]
    public async Task A_case_a_manager_gives_an_agent_notifies_the_agent_once_and_a_case_they_take_themselves_does_not()
    {
        using var manager = await fixture.ClientAsync(Manager);
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await fixture.CustomerOfAsync(Rep, "Notified");
        var given = await OpenCaseAsync(manager, customer.Id, "Parcel arrived damaged");
        var taken = await OpenCaseAsync(manager, customer.Id, "Wrong colour");
        var before = await PageAsync(agent);

        using (await PostAsync(manager, $"/api/v1/cases/{given.Id}/assign", new CaseAssignInput(await fixture.UserIdAsync(Agent)))) { }
        using (await PostAsync(agent, $"/api/v1/cases/{taken.Id}/assign", new CaseAssignInput(await fixture.UserIdAsync(Agent)))) { }
        await fixture.Host.OutboxSettledAsync();

        var after = await PageAsync(agent);
        var arrived = Assert.Single(after.Items, n => n.CaseId == given.Id);
        Assert.Equal(AgentNotificationKind.CaseAssigned, arrived.Kind);
        Assert.Equal($"{given.Number} was assigned to you: Parcel arrived damaged", arrived.Text);
        Assert.False(arrived.Read);
        Assert.DoesNotContain(after.Items, n => n.CaseId == taken.Id);
        Assert.Equal(before.Unread + 1, after.Unread);
        Assert.DoesNotContain((await PageAsync(manager)).Items, n => n.CaseId == given.Id);
    }

    [Fact]
    public async Task The_owner_hears_that_the_customer_answered_and_the_colleague_who_logged_it_does_not()
    {
        using var manager = await fixture.ClientAsync(Manager);
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await fixture.CustomerOfAsync(Rep, "Answering");
        var opened = await OpenCaseAsync(manager, customer.Id, "Invoice address");
        using (await PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(await fixture.UserIdAsync(Agent)))) { }

        using (var logged = await PostAsync(manager, $"/api/v1/cases/{opened.Id}/messages", new CaseMessageInput("It is Hauptstr. 5, not 3.", Channel.Phone)))
        {
            Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        }

        await fixture.Host.OutboxSettledAsync();
        var heard = Assert.Single((await PageAsync(agent)).Items, n => n.CaseId == opened.Id && n.Kind == AgentNotificationKind.CustomerMessage);
        Assert.Equal($"The customer answered on {opened.Number}: Invoice address", heard.Text);
        Assert.DoesNotContain((await PageAsync(manager)).Items, n => n.CaseId == opened.Id);
    }

    [Fact]
    public async Task Each_user_reads_only_their_own_notifications_and_read_all_marks_the_rest()
    {
        using var manager = await fixture.ClientAsync(Manager);
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await fixture.CustomerOfAsync(Rep, "Reader");
        var agentId = await fixture.UserIdAsync(Agent);
        foreach (var subject in new[] { "First question", "Second question" })
        {
            var opened = await OpenCaseAsync(manager, customer.Id, subject);
            using (await PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId))) { }
        }

        await fixture.Host.OutboxSettledAsync();
        var unread = await agent.GetFromJsonAsync<AgentNotificationPage>(new Uri("/api/v1/me/notifications?unreadOnly=true&pageSize=1", UriKind.Relative), Json);
        Assert.True(unread!.Unread >= 2);
        Assert.Equal(unread.Unread, unread.TotalCount);
        var newest = Assert.Single(unread.Items);
        Assert.Contains("Second question", newest.Text, StringComparison.Ordinal);

        // Another user's notification is not found for them, and stays unread.
        using var foreign = await manager.PostAsync(new Uri($"/api/v1/me/notifications/{newest.Id}/read", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(unread.Unread, (await PageAsync(agent)).Unread);

        using var read = await agent.PostAsync(new Uri($"/api/v1/me/notifications/{newest.Id}/read", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        var afterOne = await PageAsync(agent);
        Assert.Equal(unread.Unread - 1, afterOne.Unread);
        Assert.True(Assert.Single(afterOne.Items, n => n.Id == newest.Id).Read);

        using var all = await agent.PostAsync(new Uri("/api/v1/me/notifications/read-all", UriKind.Relative), null);
        Assert.Equal(unread.Unread - 1, (await ReadAsync<MarkedRead>(all)).Marked);
        Assert.Equal(0, (await PageAsync(agent)).Unread);
    }

    [Fact]
    public async Task Sales_reps_have_no_notifications_here_and_anonymous_callers_are_asked_to_sign_in()
    {
        using var rep = await fixture.ClientAsync(Rep);
        using var repList = await rep.GetAsync(Mine);
        Assert.Equal(HttpStatusCode.Forbidden, repList.StatusCode);
        using var repRead = await rep.PostAsync(new Uri("/api/v1/me/notifications/read-all", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, repRead.StatusCode);

        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        using var list = await anonymous.GetAsync(Mine);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    private static async Task<AgentNotificationPage> PageAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<AgentNotificationPage>(new Uri("/api/v1/me/notifications?pageSize=100", UriKind.Relative), Json))!;
}

/// <summary>SLA warnings and breaches notify the case's owner and its queue's supervisor, once each.</summary>
public sealed class SlaNotificationsTests : IAsyncLifetime
{
    private SlaHost host = null!;

    public async Task InitializeAsync() => host = await SlaHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_owner_and_the_queue_supervisor_hear_of_a_warning_and_a_breach_once_each()
    {
        using var manager = await host.ClientAsync(Manager);
        var managerId = await host.Host.QueryAsync(db => db.Users.Where(u => u.Email == Manager).Select(u => u.Id).SingleAsync());
        var agentId = await host.Host.QueryAsync(db => db.Users.Where(u => u.Email == Agent).Select(u => u.Id).SingleAsync());
        using (var queue = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative), new QueueInput
        {
            Name = "Returns desk", Strategy = RoutingStrategy.Manual, SupervisorId = managerId, MemberIds = [agentId], IsDefault = true,
        }, Json))
        {
            Assert.Equal(HttpStatusCode.Created, queue.StatusCode);
        }

        await host.PolicyAsync(new SlaPolicyInput { Name = "Returns policy", Category = "Returns", CalendarId = host.BerlinCalendarId, FirstResponseMinutes = 60 });
        var opened = await host.OpenAsync(await host.CustomerAsync("Supervised"), "Returns");
        using (await PostAsync(manager, $"/api/v1/cases/{opened.Id}/assign", new CaseAssignInput(agentId))) { }

        await host.SweepAtAsync(new DateTime(2026, 3, 9, 8, 16, 0, DateTimeKind.Utc)); // Mon 09:16 Berlin: 46 of 60 minutes used
        await host.SweepAtAsync(new DateTime(2026, 3, 9, 8, 31, 0, DateTimeKind.Utc)); // 09:31: due at 09:30
        await host.SweepAtAsync(new DateTime(2026, 3, 9, 8, 32, 0, DateTimeKind.Utc));
        await host.Host.OutboxSettledAsync();

        // Fresh sign-ins: the clock moved past the first cookies' lifetime.
        foreach (var email in new[] { Agent, Manager })
        {
            using var client = await host.ClientAsync(email);
            var page = (await client.GetFromJsonAsync<AgentNotificationPage>(new Uri("/api/v1/me/notifications", UriKind.Relative), Json))!;
            var sla = page.Items.Where(n => n.CaseId == opened.Id && n.Kind != AgentNotificationKind.CaseAssigned).ToList();
            Assert.True(sla.Count == 2, $"{email}: {string.Join(" | ", sla.Select(n => n.Text))}");
            Assert.Equal($"SLA breached: the first response of {opened.Number} was due 2026-03-09 08:30 UTC · Returns question", sla[0].Text);
            Assert.Equal(AgentNotificationKind.SlaBreached, sla[0].Kind);
            Assert.Equal($"SLA warning: the first response of {opened.Number} is due 2026-03-09 08:30 UTC · Returns question", sla[1].Text);
            Assert.Equal(AgentNotificationKind.SlaWarning, sla[1].Kind);
        }
    }
}
