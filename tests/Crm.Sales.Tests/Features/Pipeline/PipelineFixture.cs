using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>
/// One real host per test class (Kestrel over a fresh SQLite file, no demo customers) with a second sales rep, for leads
/// and the pipeline. The web form's rate limit is high here; the rate-limit test builds its own host with a small one.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const string Rep = "rep@ecrm.local";
    public const string SecondRep = "rep2@ecrm.local";
    public const string SecondRepPassword = "Second-Rep-Passw0rd";
    public const string AllowedReturnUrl = "https://www.example.com/contact/thanks";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
    {
        ["DemoData:Customers"] = "0",
        ["Sales:WebToLead:PermitsPerWindow"] = "100000",
        ["Sales:WebToLead:AllowedReturnUrls:0"] = "https://www.example.com/contact/",
    });

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

    public static async Task<CustomerDetails> CreateCustomerAsync(HttpClient client, string lastName, string? email = null)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = "Test",
            LastName = lastName,
            Emails = email is null ? [] : [email],
        }, Json);
        return await ReadAsync<CustomerDetails>(response);
    }

    public static async Task<OpportunityDetails> CreateOpportunityAsync(HttpClient client, OpportunityInput input)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/opportunities", UriKind.Relative), input, Json);
        return await ReadAsync<OpportunityDetails>(response);
    }

    public static Task<OpportunityDetails> GetOpportunityAsync(HttpClient client, long id) =>
        client.GetFromJsonAsync<OpportunityDetails>(new Uri($"/api/v1/opportunities/{id}", UriKind.Relative), Json)!;

    public static async Task<HttpResponseMessage> MoveAsync(HttpClient client, long id, int stageId, string? reason = null)
    {
        return await client.PostAsJsonAsync(new Uri($"/api/v1/opportunities/{id}/stage", UriKind.Relative), new MoveStageInput(stageId, reason), Json);
    }
}
