using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.Api;

/// <summary>One host per test class, with a second sales rep for owner/non-owner checks.</summary>
public sealed class ContactsApiFixture : IAsyncLifetime
{
    public const string SecondRep = "rep2@ecrm.local";
    public const string SecondRepPassword = "Second-Rep-Passw0rd";

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

    public static async Task<CustomerDetails> CreateAsync(HttpClient client, CustomerInput input, bool allowDuplicates = true)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/v1/customers?allowDuplicates={allowDuplicates}", UriKind.Relative), input, Json);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CustomerDetails>(Json))!;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>(Json))!;

    public static CustomerInput Person(string last, string? email = null, string? phone = null, string? city = null) => new()
    {
        Kind = CustomerKind.Person,
        FirstName = "Test",
        LastName = last,
        Emails = email is null ? [] : [email],
        Phones = phone is null ? [] : [phone],
        Address = city is null ? null : new AddressDto(null, null, city, null, "USA"),
    };
}
