using System.Net;
using System.Text.Json;
using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;
using Crm.Service.Tests.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Tests.Features.Telephony;

/// <summary>
/// The CTI webhook driven as a PBX drives it (form posts over the real Kestrel host): a call's three events, retries,
/// relationship routing for queue numbers, signed posts, missed calls and call backs, and every kind of bad post.
/// </summary>
public sealed class CtiWebhookTests(TelephonyFixture fixture) : IClassFixture<TelephonyFixture>
{
    [Fact]
    public async Task A_call_to_an_extension_is_recorded_once_however_often_the_pbx_retries_and_lands_on_the_customer_timeline()
    {
        var number = TelephonyFixture.NewNumber();
        var customer = await fixture.CustomerWithPhoneAsync("Retry" + Guid.NewGuid().ToString("N")[..6], number);
        var system = await fixture.SystemWithExtensionAsync("22", CasesFixture.Agent);
        var callId = Guid.NewGuid().ToString("N");
        var agentId = await fixture.Cases.UserIdAsync(CasesFixture.Agent);

        // The PBX sends the caller as bare international digits, as sipgate does.
        var first = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("newCall", callId, TelephonyFixture.BareDigits(number), "22", users: "22")));
        var again = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("newCall", callId, TelephonyFixture.BareDigits(number), "22", users: "22")));
        Assert.Equal((agentId, "Sam Agent", "22", true, false), (first.AgentId!, first.AgentName!, first.AgentExtension!, first.KnownCaller, first.Duplicate));
        Assert.Equal((agentId, true), (again.AgentId!, again.Duplicate));

        var answered = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("answer", callId, TelephonyFixture.BareDigits(number), "22", users: "22")));
        Assert.Equal((CallStatus.Connected, false), (answered.Status, answered.Duplicate));
        Assert.True((await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("answer", callId, number, "22")))).Duplicate);
        var ended = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("hangup", callId, number, "22", cause: "normalClearing")));
        Assert.Equal((CallStatus.Completed, false), (ended.Status, ended.Duplicate));
        Assert.True((await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("hangup", callId, number, "22", cause: "normalClearing")))).Duplicate);

        var call = await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().SingleAsync(c => c.CallId == callId));
        Assert.Equal((customer.Id, agentId, "Extension", number, CallStatus.Completed, HangupCause.NormalClearing, false),
            (call.CustomerId!.Value, call.AgentId!, call.RoutedBy!, call.CustomerNumber!, call.Status, call.Cause!.Value, call.CallBackPending));

        await fixture.Cases.Host.OutboxSettledAsync();
        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        var timeline = await manager.GetStringAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative));
        using var document = JsonDocument.Parse(timeline);
        var calls = Items(document.RootElement).Where(i => i.GetProperty("type").GetString() == "Call").ToList();
        var entry = Assert.Single(calls);
        Assert.Equal($"Call from {TelephonyFixture.BareDigits(number)}, taken by Sam Agent", entry.GetProperty("subject").GetString());
        Assert.Equal("Inbound", entry.GetProperty("direction").GetString());
        Assert.StartsWith("Answered, ", entry.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_to_a_queue_number_goes_to_the_agent_who_served_the_caller_last()
    {
        var number = TelephonyFixture.NewNumber();
        var customer = await fixture.CustomerWithPhoneAsync("Loyal" + Guid.NewGuid().ToString("N")[..6], number);
        await fixture.Queues.SetPresenceAsync(CasesFixture.Agent, AgentPresence.Available);
        await fixture.Queues.SetPresenceAsync(Queues.QueuesFixture.SecondAgent, AgentPresence.Available);
        // Sam served the customer on a case; the queue itself is Bea's.
        using var agent = await fixture.Cases.ClientAsync(CasesFixture.Agent);
        var served = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Earlier question", Crm.Kernel.Channel.Phone);
        using (var reply = await CasesFixture.PostAsync(agent, $"/api/v1/cases/{served.Id}/replies", new CaseReplyInput("Here is the answer.")))
        {
            Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        }

        var queue = await fixture.Queues.QueueAsync("Phones " + Guid.NewGuid().ToString("N")[..4], RoutingStrategy.RoundRobin, false, Queues.QueuesFixture.SecondAgent);
        var queueNumber = TelephonyFixture.NewNumber();
        var system = await fixture.SystemAsync(new PhoneSystemInput
        {
            Name = "Queue PBX " + Guid.NewGuid().ToString("N")[..6],
            QueueNumbers = [new QueueNumberInput { Number = queueNumber, QueueId = queue.Id }],
        });

        var known = await AnswerAsync(await fixture.PostAsync(system.WebhookPath,
            TelephonyFixture.Event("newCall", Guid.NewGuid().ToString("N"), number, TelephonyFixture.BareDigits(queueNumber))));
        var stranger = await AnswerAsync(await fixture.PostAsync(system.WebhookPath,
            TelephonyFixture.Event("newCall", Guid.NewGuid().ToString("N"), "anonymous", TelephonyFixture.BareDigits(queueNumber))));

        Assert.Equal(("Sam Agent", true), (known.AgentName!, known.KnownCaller));
        Assert.Equal(("Bea Second", false), (stranger.AgentName!, stranger.KnownCaller));
        var routed = await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().Where(c => c.CustomerId == customer.Id).Select(c => new { c.QueueId, c.RoutedBy }).SingleAsync());
        Assert.Equal((queue.Id, "Relationship"), (routed.QueueId!.Value, routed.RoutedBy!));
    }

    [Fact]
    public async Task A_signed_post_is_accepted_with_the_right_hmac_and_refused_when_forged_or_unsigned()
    {
        var system = await fixture.SystemWithExtensionAsync("40", CasesFixture.Agent, PhoneAuthentication.Signature);
        var callId = Guid.NewGuid().ToString("N");
        var fields = TelephonyFixture.Event("newCall", callId, "anonymous", "40");

        using var forged = await fixture.PostAsync(system.WebhookPath, fields, signingSecret: "not-the-secret");
        using var unsigned = await fixture.PostAsync(system.WebhookPath, fields);
        using var garbage = await fixture.PostAsync(system.WebhookPath, fields, signature: "sha256=zz");
        foreach (var refused in new[] { forged, unsigned, garbage })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.False(await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().AnyAsync(c => c.CallId == callId)));
        var accepted = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, fields, signingSecret: system.Secret));
        Assert.Equal(("Sam Agent", false), (accepted.AgentName!, accepted.Duplicate));
    }

    [Fact]
    public async Task Bad_posts_get_problem_details_naming_the_fault_and_write_nothing()
    {
        var system = await fixture.SystemWithExtensionAsync("50", CasesFixture.Agent);
        var before = await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().CountAsync());
        var wrongSecret = system.WebhookPath[..(system.WebhookPath.IndexOf('.', StringComparison.Ordinal) + 1)] + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var cases = new (string Path, KeyValuePair<string, string>[] Fields, HttpStatusCode Status, string Message)[]
        {
            (system.WebhookPath, [new("event", "newCall"), new("from", "anonymous"), new("to", "50")], HttpStatusCode.BadRequest, "callId is required"),
            (system.WebhookPath, TelephonyFixture.Event("transfer", "x1", "anonymous", "50"), HttpStatusCode.BadRequest, "Unknown event 'transfer': send newCall, answer or hangup."),
            (system.WebhookPath, [new("callId", "x2")], HttpStatusCode.BadRequest, "event is required"),
            (system.WebhookPath, TelephonyFixture.Event("newCall", "x3", "anonymous", "50", direction: "sideways"), HttpStatusCode.BadRequest, "Unknown direction 'sideways'"),
            (system.WebhookPath, TelephonyFixture.Event("hangup", "x4", "anonymous", "50"), HttpStatusCode.BadRequest, "cause is required for hangup"),
            (system.WebhookPath, TelephonyFixture.Event("hangup", "x5", "anonymous", "50", cause: "meteor"), HttpStatusCode.BadRequest, "Unknown cause 'meteor'"),
            (system.WebhookPath, TelephonyFixture.Event("newCall", new string('c', 251), "anonymous", "50"), HttpStatusCode.BadRequest, "callId has at most 250 characters."),
            (wrongSecret, TelephonyFixture.Event("newCall", "x6", "anonymous", "50"), HttpStatusCode.Unauthorized, "not this telephone system's token"),
            (system.WebhookPath, TelephonyFixture.Event("newCall", "x9", new string('1', 20_000), "50"), HttpStatusCode.RequestEntityTooLarge, "A call event has at most 16384 bytes."),
            ("/api/v1/telephony/cti/0000000000000000.secret", TelephonyFixture.Event("newCall", "x7", "anonymous", "50"), HttpStatusCode.NotFound, "No active telephone system has this webhook URL."),
        };
        foreach (var (path, fields, status, message) in cases)
        {
            using var response = await fixture.PostAsync(path, fields);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A deactivated system is refused like an unknown one.
        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        using (await CasesFixture.PostAsync(manager, $"/api/v1/telephony/systems/{system.System.Id}/deactivate", new { })) { }
        using var deactivated = await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("newCall", "x8", "anonymous", "50"));
        Assert.Equal(HttpStatusCode.NotFound, deactivated.StatusCode);

        Assert.Equal(before, await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().CountAsync()));
    }

    [Fact]
    public async Task A_missed_call_of_a_known_customer_waits_for_a_call_back_until_the_agent_calls_the_number()
    {
        var number = TelephonyFixture.NewNumber();
        var customer = await fixture.CustomerWithPhoneAsync("Missed" + Guid.NewGuid().ToString("N")[..6], number);
        var system = await fixture.SystemWithExtensionAsync("60", CasesFixture.Agent);
        var missed = Guid.NewGuid().ToString("N");
        await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("newCall", missed, number, "60")));
        var ended = await AnswerAsync(await fixture.PostAsync(system.WebhookPath, TelephonyFixture.Event("hangup", missed, number, "60", cause: "noAnswer")));
        Assert.Equal(CallStatus.Missed, ended.Status);
        Assert.True(await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().Where(c => c.CallId == missed).Select(c => c.CallBackPending).SingleAsync()));

        // The agent dials the customer from extension 60.
        var back = await AnswerAsync(await fixture.PostAsync(system.WebhookPath,
            TelephonyFixture.Event("newCall", Guid.NewGuid().ToString("N"), "60", TelephonyFixture.BareDigits(number), direction: "out", users: "60")));
        Assert.Equal("Sam Agent", back.AgentName);
        var after = await fixture.Cases.Host.QueryAsync(db => db.Set<PhoneCall>().Where(c => c.CallId == missed).Select(c => new { c.CallBackPending, c.CalledBackAtUtc }).SingleAsync());
        Assert.False(after.CallBackPending);
        Assert.NotNull(after.CalledBackAtUtc);

        await fixture.Cases.Host.OutboxSettledAsync();
        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        using var document = JsonDocument.Parse(await manager.GetStringAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative)));
        var entry = Assert.Single(Items(document.RootElement), i => i.GetProperty("type").GetString() == "Call");
        Assert.Equal(("Missed call from " + number, "Missed (no answer)"), (entry.GetProperty("subject").GetString()!, entry.GetProperty("outcome").GetString()!));
    }

    private static async Task<CtiEventAnswer> AnswerAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await CasesFixture.ReadAsync<CtiEventAnswer>(response);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.GetProperty("items").EnumerateArray();
}
