using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Service.Tests.Features.Queues;

namespace Crm.Service.Tests.Features.Telephony;

/// <summary>The queues host (three agents) with helpers that act as a telephone system: form posts to the CTI webhook.</summary>
public sealed class TelephonyFixture : IAsyncLifetime
{
    private static int nextNumber = Random.Shared.Next(0, 50);

    public QueuesFixture Queues { get; } = new();

    public CasesFixture Cases => Queues.Cases;

    public Task InitializeAsync() => Queues.InitializeAsync();

    public Task DisposeAsync() => Queues.DisposeAsync();

    /// <summary>A fresh, valid North American number (+1 415 555 01xx) as E.164.</summary>
    public static string NewNumber() =>
        string.Create(CultureInfo.InvariantCulture, $"+1415555{Interlocked.Increment(ref nextNumber) % 100:D4}");

    /// <summary>A customer (created by a Manager) whose phone is <paramref name="e164"/>.</summary>
    public async Task<CustomerDetails> CustomerWithPhoneAsync(string lastName, string e164)
    {
        using var manager = await Cases.ClientAsync(CasesFixture.Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = "Caller",
            LastName = lastName,
            Phones = [e164],
        }, CasesFixture.Json);
        return await CasesFixture.ReadAsync<CustomerDetails>(response);
    }

    public async Task<PhoneSystemCredential> SystemAsync(PhoneSystemInput input)
    {
        using var manager = await Cases.ClientAsync(CasesFixture.Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative), input, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await CasesFixture.ReadAsync<PhoneSystemCredential>(response);
    }

    /// <summary>A token-authenticated system whose extension <paramref name="extension"/> rings <paramref name="agentEmail"/>.</summary>
    public async Task<PhoneSystemCredential> SystemWithExtensionAsync(string extension, string agentEmail, PhoneAuthentication authentication = PhoneAuthentication.Token) =>
        await SystemAsync(new PhoneSystemInput
        {
            Name = "PBX " + Guid.NewGuid().ToString("N")[..8],
            Authentication = authentication,
            Extensions = [new ExtensionInput { Extension = extension, AgentId = await Cases.UserIdAsync(agentEmail) }],
        });

    /// <summary>Posts one event as a PBX does (a form, <c>user[]</c> repeated), optionally signed.</summary>
    public async Task<HttpResponseMessage> PostAsync(string webhookPath, IEnumerable<KeyValuePair<string, string>> fields, string? signingSecret = null, string? signature = null)
    {
        var client = Cases.Host.CreateClient();
        var body = await new FormUrlEncodedContent(fields).ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(webhookPath, UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } },
        };
        if (signingSecret is not null || signature is not null)
        {
            request.Headers.Add("X-Cti-Signature", signature ?? "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret!), body)));
        }

        return await client.SendAsync(request);
    }

    public static KeyValuePair<string, string>[] Event(string name, string callId, string from, string to, string direction = "in", string? cause = null, params string[] users) =>
    [
        new("event", name), new("callId", callId), new("from", from), new("to", to), new("direction", direction),
        .. users.Select(u => new KeyValuePair<string, string>("user[]", u)),
        .. cause is null ? [] : new[] { new KeyValuePair<string, string>("cause", cause) },
    ];

    public static string BareDigits(string e164) => e164.TrimStart('+');
}
