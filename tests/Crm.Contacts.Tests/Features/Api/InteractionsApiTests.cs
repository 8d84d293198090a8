using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Api;

public sealed class InteractionsApiTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task Logged_contacts_appear_on_the_timeline_newest_first_and_set_the_last_contact()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Timeline"));
        var older = DateTime.UtcNow.AddDays(-3);
        var newer = DateTime.UtcNow.AddHours(-1);
        await LogAsync(rep, customer.Id, new InteractionInput { Subject = "First call", OccurredAtUtc = older, DurationSeconds = 300 });
        await LogAsync(rep, customer.Id, new InteractionInput { Subject = "Follow-up email", Type = InteractionType.Email, Channel = Channel.Email, OccurredAtUtc = newer });

        var timeline = await rep.GetFromJsonAsync<PagedResult<InteractionDto>>(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative), Json);
        Assert.Equal(["Follow-up email", "First call"], timeline!.Items.Select(i => i.Subject));
        Assert.Equal(300, timeline.Items[1].DurationSeconds);

        var emailsOnly = await rep.GetFromJsonAsync<PagedResult<InteractionDto>>(new Uri($"/api/v1/customers/{customer.Id}/interactions?channel=Email", UriKind.Relative), Json);
        Assert.Equal("Follow-up email", Assert.Single(emailsOnly!.Items).Subject);
        var callsOnly = await rep.GetFromJsonAsync<PagedResult<InteractionDto>>(new Uri($"/api/v1/customers/{customer.Id}/interactions?type=Call", UriKind.Relative), Json);
        Assert.Equal("First call", Assert.Single(callsOnly!.Items).Subject);

        var updated = await rep.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{customer.Id}", UriKind.Relative), Json);
        Assert.Equal(newer, updated!.LastContactAtUtc!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(customer.Version, updated.Version); // logging a contact is not an edit of the customer
    }

    [Fact]
    public async Task A_contact_without_subject_or_in_the_future_is_refused_with_the_fields_named()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Strict"));
        using var response = await rep.PostAsJsonAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative),
            new InteractionInput { Subject = "", OccurredAtUtc = DateTime.UtcNow.AddDays(2) }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await ReadAsync<JsonElement>(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("subject", fields);
        Assert.Contains("occurredAtUtc", fields);
    }

    [Fact]
    public async Task Logging_on_an_unknown_customer_is_404()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var response = await rep.PostAsJsonAsync(new Uri("/api/v1/customers/987654321/interactions", UriKind.Relative),
            new InteractionInput { Subject = "Lost" }, Json);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_interaction_is_read_and_corrected_with_If_Match()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Corrected"));
        var created = await LogAsync(rep, customer.Id, new InteractionInput { Subject = "Typo" });

        using var get = await rep.GetAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions/{created.Id}", UriKind.Relative));
        Assert.Equal(ApiConventions.ETagOf(created.Version), get.Headers.ETag!.ToString());

        using var fixedIt = await PutAsync(rep, customer.Id, created.Id, new InteractionInput { Subject = "Fixed", Outcome = "Call back" }, created.Version);
        Assert.Equal(HttpStatusCode.OK, fixedIt.StatusCode);
        Assert.Equal("Fixed", (await ReadAsync<InteractionDto>(fixedIt)).Subject);

        using var stale = await PutAsync(rep, customer.Id, created.Id, new InteractionInput { Subject = "Again" }, created.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task The_service_history_on_a_timeline_is_shown_to_the_owning_rep_and_agents_but_not_to_another_rep()
    {
        using var owner = await fixture.ClientAsync("rep@ecrm.local");
        using var otherRep = await fixture.ClientAsync(SecondRep);
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        var customer = await CreateAsync(owner, Person("Served"));
        var call = await LogAsync(owner, customer.Id, new InteractionInput { Subject = "Intro call" });
        var caseEntry = await LogAsync(agent, customer.Id, new InteractionInput
        {
            Subject = "CS-000001: Reply: Charged twice", Notes = "The refund is on its way.", Type = InteractionType.Case,
        });

        async Task<List<long>> TimelineOf(HttpClient client) =>
            [.. (await client.GetFromJsonAsync<PagedResult<InteractionDto>>(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative), Json))!.Items.Select(i => i.Id)];

        Assert.Equal([caseEntry.Id, call.Id], await TimelineOf(owner));
        Assert.Equal([caseEntry.Id, call.Id], await TimelineOf(agent));
        Assert.Equal([call.Id], await TimelineOf(otherRep));
        using var direct = await otherRep.GetAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions/{caseEntry.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
        using var byType = await otherRep.GetAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions?type=Case", UriKind.Relative));
        Assert.Equal(0, (await ReadAsync<PagedResult<InteractionDto>>(byType)).TotalCount);
    }

    private static async Task<InteractionDto> LogAsync(HttpClient client, long customerId, InteractionInput input)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/v1/customers/{customerId}/interactions", UriKind.Relative), input, Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync<InteractionDto>(response);
    }

    internal static async Task<HttpResponseMessage> PutAsync(HttpClient client, long customerId, long interactionId, InteractionInput input, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{customerId}/interactions/{interactionId}")
        {
            Content = JsonContent.Create(input, options: Json),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(version)));
        return await client.SendAsync(request);
    }
}
