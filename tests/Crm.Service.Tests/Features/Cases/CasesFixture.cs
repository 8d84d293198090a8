using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>One real host per test class (Kestrel over a fresh SQLite file, demo users, no demo records) with a second rep.</summary>
public sealed class CasesFixture : IAsyncLifetime
{
    public const string Agent = "agent@ecrm.local";
    public const string Manager = "manager@ecrm.local";
    public const string Rep = "rep@ecrm.local";
    public const string SecondRep = "rep2@ecrm.local";
    private const string SecondRepPassword = "Second-Rep-Passw0rd";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public CrmWebHost Host { get; } = new();

    public async Task InitializeAsync()
    {
        Host.StartServer();
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser(SecondRep, "Second Rep", CrmRoles.SalesRep, SecondRepPassword));
        Assert.True(created.Succeeded, created.ToString());
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public Task<HttpClient> ClientAsync(string email) =>
        email == SecondRep ? Host.SignedInClientAsync(email, SecondRepPassword) : Host.SignedInClientAsync(email);

    public Task<string> UserIdAsync(string email) =>
        Host.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>A customer owned by <paramref name="ownerEmail"/>'s user, created by a Manager.</summary>
    public async Task<CustomerDetails> CustomerOfAsync(string ownerEmail, string lastName)
    {
        using var manager = await ClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = "Case",
            LastName = lastName,
            Emails = [$"{lastName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"],
            OwnerId = await UserIdAsync(ownerEmail),
        }, Json);
        return await ReadAsync<CustomerDetails>(response);
    }

    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, CaseInput input, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/cases", UriKind.Relative)) { Content = JsonContent.Create(input, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<CaseDetails> OpenCaseAsync(HttpClient client, long customerId, string subject, Channel channel = Channel.Email) =>
        await ReadAsync<CaseDetails>(await OpenAsync(client, new CaseInput { CustomerId = customerId, Subject = subject, Description = "Please help.", Channel = channel }));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, Guid? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        }

        return await client.SendAsync(request);
    }
}
