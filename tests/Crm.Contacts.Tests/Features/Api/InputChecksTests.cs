using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Api;

/// <summary>The customer API refuses what the shared validator refuses, and owners who are no user.</summary>
public sealed class InputChecksTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_name_with_a_NUL_byte_is_refused_naming_the_field()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            Person("Love\0lace"), Json);
        await AssertFieldErrorAsync(response, "lastName", "control character");
    }

    [Fact]
    public async Task An_owner_who_is_no_user_is_refused_on_create_and_on_update()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var create = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            Person("Ghost Owned") with { OwnerId = "no-such-user" }, Json);
        await AssertFieldErrorAsync(create, "ownerId", "no-such-user");

        var customer = await CreateAsync(manager, Person("Real Owner"));
        using var update = await CustomersApiTests.PutAsync(manager, customer.Id, Person("Real Owner") with { OwnerId = "no-such-user" }, customer.Version);
        await AssertFieldErrorAsync(update, "ownerId", "no-such-user");
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string says)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {body}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.Ordinal));
    }
}
