using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Verification;

/// <summary>
/// "Is this really you?" over the real host: an agent's outbound call gets a code on the timeline, and the public API shows
/// only the first name, the channel and the time for it; other contacts get none; wrong and malformed codes are 404.
/// </summary>
public sealed class VerificationApiTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task An_outbound_call_gets_a_code_that_the_public_check_answers_with_first_name_channel_and_time_only()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Verified"));
        var before = DateTime.UtcNow;
        var call = await LogAsync(rep, customer.Id, new InteractionInput { Subject = "About your order", Direction = InteractionDirection.Outbound });
        Assert.Matches("^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$", call.VerificationCode);

        // The code is stored hashed: no row of the verification table holds it.
        var stored = await fixture.Host.QueryAsync(db => db.Set<Crm.Contacts.Domain.ContactVerification>().Select(v => v.CodeHash).ToListAsync());
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, h => h.Contains(call.VerificationCode!.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

        using var anonymous = fixture.Host.CreateClient();
        // As a customer types it: lower case, a space instead of the dash.
        using var response = await anonymous.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative),
            new { code = call.VerificationCode!.Replace('-', ' ').ToLowerInvariant() }, Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadAsync<JsonElement>(response);
        Assert.Equal(["agentFirstName", "channel", "contactedAtUtc"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Rita", body.GetProperty("agentFirstName").GetString());
        Assert.Equal("Phone", body.GetProperty("channel").GetString());
        Assert.InRange(body.GetProperty("contactedAtUtc").GetDateTime(), before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));

        using var wrong = await anonymous.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code = "ABCD-EFGH" }, Json);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
        using var malformed = await anonymous.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code = "<script>" }, Json);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Notes_and_inbound_contacts_get_no_code()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Uncoded"));
        var inbound = await LogAsync(rep, customer.Id, new InteractionInput { Subject = "They called", Direction = InteractionDirection.Inbound });
        var note = await LogAsync(rep, customer.Id, new InteractionInput { Subject = "Thought", Type = InteractionType.Note, Channel = Channel.Other, Direction = InteractionDirection.Outbound });
        var sms = await LogAsync(rep, customer.Id, new InteractionInput { Subject = "Your parcel", Type = InteractionType.Other, Channel = Channel.Sms, Direction = InteractionDirection.Outbound });
        Assert.Null(inbound.VerificationCode);
        Assert.Null(note.VerificationCode);
        Assert.NotNull(sms.VerificationCode);
    }

    [Fact]
    public async Task A_code_expires_after_a_day_and_the_never_ask_notice_comes_from_configuration()
    {
        var clock = new ShiftedClock();
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
            new Dictionary<string, string?> { ["Contacts:Verification:NeverAskNotice"] = "We never ask for your PIN." },
            configureServices: s => s.AddSingleton<TimeProvider>(clock));
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        var verification = scope.ServiceProvider.GetRequiredService<IContactVerification>();
        var agentId = await host.QueryAsync(db => db.Users.Where(u => u.Email == "agent@ecrm.local").Select(u => u.Id).SingleAsync());
        var customerId = (await scope.ServiceProvider.GetRequiredService<ICustomerRegistration>()
            .RegisterAsync(new CustomerInput { Kind = CustomerKind.Person, FirstName = "Ex", LastName = "Pired" }, allowDuplicates: true)).CustomerId!.Value;

        var issued = (await verification.IssueAsync(agentId, Channel.Email, customerId))!;
        Assert.Equal(TimeSpan.FromHours(24), issued.ExpiresAtUtc - issued.IssuedAtUtc);
        Assert.Null(await verification.IssueAsync("not-a-user", Channel.Email, customerId));
        Assert.Equal(new VerifiedContact("Sam", Channel.Email, issued.IssuedAtUtc), await verification.CheckAsync(issued.Code));

        clock.Offset = TimeSpan.FromHours(23.9);
        Assert.NotNull(await verification.CheckAsync(issued.Code));
        clock.Offset = TimeSpan.FromHours(24.1);
        Assert.Null(await verification.CheckAsync(issued.Code));
        Assert.Equal("We never ask for your PIN.", verification.NeverAskNotice);
    }

    private static async Task<InteractionDto> LogAsync(HttpClient client, long customerId, InteractionInput input)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/v1/customers/{customerId}/interactions", UriKind.Relative), input, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<InteractionDto>(response);
    }

    /// <summary>The system clock moved forward by <see cref="Offset"/>: what a day later looks like to the host.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
