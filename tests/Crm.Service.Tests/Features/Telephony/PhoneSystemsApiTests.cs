using System.Net;
using System.Net.Http.Json;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Service.Tests.Features.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Tests.Features.Telephony;

/// <summary>Telephone systems over the API: who sets them up, the credential shown once and stored only hashed or encrypted, validation.</summary>
public sealed class PhoneSystemsApiTests(TelephonyFixture fixture) : IClassFixture<TelephonyFixture>
{
    [Fact]
    public async Task A_manager_sets_up_a_system_whose_token_is_shown_once_and_stored_only_as_a_hash()
    {
        var queue = await fixture.Queues.QueueAsync("Hotline " + Guid.NewGuid().ToString("N")[..4], RoutingStrategy.RoundRobin, false, CasesFixture.Agent);
        var agentId = await fixture.Cases.UserIdAsync(CasesFixture.Agent);
        var credential = await fixture.SystemAsync(new PhoneSystemInput
        {
            Name = "sipgate " + Guid.NewGuid().ToString("N")[..6],
            QueueNumbers = [new QueueNumberInput { Number = "(415) 555-0190", QueueId = queue.Id }],
            Extensions = [new ExtensionInput { Extension = "21", AgentId = agentId }],
        });

        Assert.Equal(PhoneAuthentication.Token, credential.Authentication);
        Assert.Null(credential.Secret);
        Assert.StartsWith($"/api/v1/telephony/cti/{credential.System.Key}.", credential.WebhookPath, StringComparison.Ordinal);
        Assert.Equal(("+14155550190", queue.Name), (Assert.Single(credential.System.QueueNumbers).Number, credential.System.QueueNumbers[0].QueueName));
        Assert.Equal(("21", "Sam Agent"), (Assert.Single(credential.System.Extensions).Extension, credential.System.Extensions[0].AgentName));

        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        var read = await manager.GetStringAsync(new Uri($"/api/v1/telephony/systems/{credential.System.Id}", UriKind.Relative));
        var secret = credential.WebhookPath[(credential.WebhookPath.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(secret, read, StringComparison.Ordinal);
        var stored = await fixture.Cases.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Telephony.PhoneSystem>().SingleAsync(s => s.Id == credential.System.Id));
        Assert.Equal(32, stored.TokenHash!.Length);
        Assert.Null(stored.ProtectedSecret);

        // A new token replaces the old one at once.
        using var renewed = await CasesFixture.PostAsync(manager, $"/api/v1/telephony/systems/{credential.System.Id}/credential", new { });
        var next = await CasesFixture.ReadAsync<PhoneSystemCredential>(renewed);
        Assert.NotEqual(credential.WebhookPath, next.WebhookPath);
        using var old = await fixture.PostAsync(credential.WebhookPath, TelephonyFixture.Event("newCall", "old-" + Guid.NewGuid(), "anonymous", "21"));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var current = await fixture.PostAsync(next.WebhookPath, TelephonyFixture.Event("newCall", "new-" + Guid.NewGuid(), "anonymous", "21"));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task A_signing_secret_is_stored_encrypted_and_agents_and_reps_cannot_set_up_systems()
    {
        var credential = await fixture.SystemWithExtensionAsync("30", CasesFixture.Agent, PhoneAuthentication.Signature);
        Assert.Equal($"/api/v1/telephony/cti/{credential.System.Key}", credential.WebhookPath);
        Assert.False(string.IsNullOrEmpty(credential.Secret));
        var stored = await fixture.Cases.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Telephony.PhoneSystem>().SingleAsync(s => s.Id == credential.System.Id));
        Assert.Null(stored.TokenHash);
        Assert.DoesNotContain(credential.Secret!, stored.ProtectedSecret!, StringComparison.Ordinal);

        foreach (var email in new[] { CasesFixture.Agent, CasesFixture.Rep })
        {
            using var client = await fixture.Cases.ClientAsync(email);
            using var list = await client.GetAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var create = await client.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative), new PhoneSystemInput { Name = "Mine" }, CasesFixture.Json);
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
    }

    [Fact]
    public async Task Bad_systems_get_a_message_per_problem_and_nothing_is_stored()
    {
        var name = "Bad " + Guid.NewGuid().ToString("N")[..6];
        var repId = await fixture.Cases.UserIdAsync(CasesFixture.Rep);
        var agentId = await fixture.Cases.UserIdAsync(CasesFixture.Agent);
        using var manager = await fixture.Cases.ClientAsync(CasesFixture.Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative), new PhoneSystemInput
        {
            Name = name,
            QueueNumbers = [new QueueNumberInput { Number = "12", QueueId = 1 }, new QueueNumberInput { Number = "+1 415 555 0191", QueueId = 999_999 }],
            Extensions = [new ExtensionInput { Extension = "7", AgentId = repId }, new ExtensionInput { Extension = "8", AgentId = agentId }, new ExtensionInput { Extension = "8", AgentId = agentId }],
        }, CasesFixture.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("'12' is no valid phone number.", body, StringComparison.Ordinal);
        Assert.Contains("No active queue with id 999999 for +14155550191.", body, StringComparison.Ordinal);
        Assert.Contains("(extension 7) is no ServiceAgent, Manager or Admin.", body, StringComparison.Ordinal);
        Assert.Contains("The extension 8 is listed twice.", body, StringComparison.Ordinal);

        using var empty = await manager.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative),
            new PhoneSystemInput { Name = " ", Extensions = [new ExtensionInput { Extension = "", AgentId = agentId }] }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyBody = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Give the telephone system a name.", emptyBody, StringComparison.Ordinal);
        Assert.Contains("An extension is empty.", emptyBody, StringComparison.Ordinal);

        Assert.False(await fixture.Cases.Host.QueryAsync(db => db.Set<Crm.Service.Domain.Telephony.PhoneSystem>().AnyAsync(s => s.Name == name)));
    }
}
