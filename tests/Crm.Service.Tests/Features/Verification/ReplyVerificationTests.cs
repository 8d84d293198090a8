using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Verification;

/// <summary>An agent's public reply goes out with an "is this really you?" code in its thread entry; notes carry none.</summary>
public sealed class ReplyVerificationTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    [Fact]
    public async Task A_public_reply_carries_a_code_the_customer_can_check_and_a_note_does_not()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var customer = await fixture.CustomerOfAsync(Agent, "Coded");
        var opened = await OpenCaseAsync(agent, customer.Id, "Is my parcel lost?", Channel.Email);
        using var noted = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/notes", new CaseNoteInput("Checked the carrier."));
        var afterNote = await ReadAsync<CaseDetails>(noted);
        using var replied = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("It arrives tomorrow."), afterNote.Version);
        var details = await ReadAsync<CaseDetails>(replied);

        Assert.Null(Assert.Single(details.Thread, e => e.Kind == CaseEntryKind.InternalNote).VerificationCode);
        var code = Assert.Single(details.Thread, e => e.Kind == CaseEntryKind.PublicReply).VerificationCode;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        using var anonymous = fixture.Host.CreateClient();
        using var check = await anonymous.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code }, Json);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var contact = await check.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(("Sam", "Email"), (contact.GetProperty("agentFirstName").GetString(), contact.GetProperty("channel").GetString()));
    }
}
