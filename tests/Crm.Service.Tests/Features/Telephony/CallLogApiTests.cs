using System.Net;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Service.Tests.Features.Queues;

namespace Crm.Service.Tests.Features.Telephony;

/// <summary>The call log over the API: agents see their own calls and managers everyone's; missed and call-back filters, paging and order; marking a call back.</summary>
public sealed class CallLogApiTests(TelephonyFixture fixture) : IClassFixture<TelephonyFixture>
{
    [Fact]
    public async Task Agents_see_their_own_calls_managers_everyones_and_a_missed_call_leaves_the_call_back_list_when_marked()
    {
        var number = TelephonyFixture.NewNumber();
        var customer = await fixture.CustomerWithPhoneAsync("Log" + Guid.NewGuid().ToString("N")[..6], number);
        var sams = await fixture.SystemWithExtensionAsync("70", CasesFixture.Agent);
        var beas = await fixture.SystemWithExtensionAsync("71", QueuesFixture.SecondAgent);
        var missed = Guid.NewGuid().ToString("N");
        var answered = Guid.NewGuid().ToString("N");
        var other = Guid.NewGuid().ToString("N");
        await PostAllAsync(sams.WebhookPath, TelephonyFixture.Event("newCall", missed, number, "70"), TelephonyFixture.Event("hangup", missed, number, "70", cause: "busy"));
        await PostAllAsync(sams.WebhookPath, TelephonyFixture.Event("newCall", answered, "anonymous", "70"), TelephonyFixture.Event("answer", answered, "anonymous", "70"),
            TelephonyFixture.Event("hangup", answered, "anonymous", "70", cause: "normalClearing"));
        await PostAllAsync(beas.WebhookPath, TelephonyFixture.Event("newCall", other, number, "71"), TelephonyFixture.Event("hangup", other, number, "71", cause: "cancel"));

        using var sam = await fixture.Cases.ClientAsync(CasesFixture.Agent);
        var mine = await ListAsync(sam, "?pageSize=100");
        Assert.Contains(mine.Items, c => c.CallId == missed);
        Assert.Contains(mine.Items, c => c.CallId == answered);
        Assert.DoesNotContain(mine.Items, c => c.CallId == other);
        Assert.All(mine.Items.Zip(mine.Items.Skip(1)), pair => Assert.True(pair.First.StartedAtUtc >= pair.Second.StartedAtUtc));

        var toCallBack = await ListAsync(sam, "?filter=ToCallBack&pageSize=100");
        var waiting = Assert.Single(toCallBack.Items, c => c.CallId == missed);
        Assert.Equal((customer.Id, "Missed (busy)", true), (waiting.CustomerId!.Value, waiting.Outcome, waiting.CallBackPending));
        Assert.DoesNotContain(toCallBack.Items, c => c.CallId == answered);
        var missedOnly = await ListAsync(sam, "?filter=Missed&sort=Oldest&pageSize=100");
        Assert.All(missedOnly.Items, c => Assert.Equal(CallStatus.Missed, c.Status));

        var onePage = await ListAsync(sam, "?pageSize=1&page=1");
        Assert.Equal((1, 1, mine.TotalCount), (onePage.Items.Count, onePage.Page, onePage.TotalCount));

        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        var all = await ListAsync(manager, "?pageSize=100");
        Assert.Contains(all.Items, c => c.CallId == other && c.AgentName == "Bea Second");
        var beaOnly = await ListAsync(manager, $"?agentId={await fixture.Cases.UserIdAsync(QueuesFixture.SecondAgent)}&pageSize=100");
        Assert.All(beaOnly.Items, c => Assert.Equal("Bea Second", c.AgentName));

        // Another agent may not mark Sam's call; Sam may, once; an answered call was never waiting.
        using var bea = await fixture.Queues.ClientAsync(QueuesFixture.SecondAgent);
        using (var refused = await CasesFixture.PostAsync(bea, $"/api/v1/telephony/calls/{waiting.Id}/called-back", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var stale = await CasesFixture.PostAsync(sam, $"/api/v1/telephony/calls/{waiting.Id}/called-back", new { }, Guid.NewGuid()))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        using (var marked = await CasesFixture.PostAsync(sam, $"/api/v1/telephony/calls/{waiting.Id}/called-back", new { }, waiting.Version))
        {
            Assert.Equal(HttpStatusCode.NoContent, marked.StatusCode);
        }

        Assert.DoesNotContain((await ListAsync(sam, "?filter=ToCallBack&pageSize=100")).Items, c => c.CallId == missed);
        var answeredId = mine.Items.Single(c => c.CallId == answered).Id;
        using var notWaiting = await CasesFixture.PostAsync(sam, $"/api/v1/telephony/calls/{answeredId}/called-back", new { });
        Assert.Equal(HttpStatusCode.BadRequest, notWaiting.StatusCode);
        Assert.Contains("This call is not waiting for a call back.", await notWaiting.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var rep = await fixture.Cases.ClientAsync(CasesFixture.Rep);
        using var repList = await rep.GetAsync(new Uri("/api/v1/telephony/calls", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, repList.StatusCode);
    }

    private async Task PostAllAsync(string path, params KeyValuePair<string, string>[][] events)
    {
        foreach (var fields in events)
        {
            using var response = await fixture.PostAsync(path, fields);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<PagedResult<CallRecordView>> ListAsync(HttpClient client, string query) =>
        await CasesFixture.ReadAsync<PagedResult<CallRecordView>>(await client.GetAsync(new Uri("/api/v1/telephony/calls" + query, UriKind.Relative)));
}
