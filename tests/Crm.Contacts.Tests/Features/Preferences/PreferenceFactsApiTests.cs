using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Preferences;

/// <summary>Remembered preferences over the real host: record, read, change and remove with If-Match, who may, and the contract reads.</summary>
public sealed class PreferenceFactsApiTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_rep_records_changes_and_removes_a_fact_on_their_customer_with_If_Match()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Nuts"));

        var created = await RecordAsync(rep, customer.Id, new PreferenceFactInput
        {
            Category = PreferenceCategory.Dietary, Value = "  Allergic to nuts ", Source = PreferenceSource.PhoneCall, NotedOn = new DateOnly(2026, 3, 1),
        });
        Assert.Equal("Allergic to nuts", created.Value);
        Assert.Equal(new DateOnly(2026, 3, 1), created.NotedOn);
        Assert.Equal("Rita Rep", created.RecordedByName);
        var today = await RecordAsync(rep, customer.Id, new PreferenceFactInput { Category = PreferenceCategory.Room, Value = "Room on a high floor" });
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), today.NotedOn);
        Assert.Equal(PreferenceSource.Agent, today.Source);

        var listed = await rep.GetFromJsonAsync<List<PreferenceFactDto>>(Url(customer.Id), Json);
        Assert.Equal(["Allergic to nuts", "Room on a high floor"], listed!.Select(f => f.Value));

        using var get = await rep.GetAsync(Url(customer.Id, created.Id));
        Assert.Equal(ApiConventions.ETagOf(created.Version), get.Headers.ETag!.ToString());

        var change = new PreferenceFactInput { Category = PreferenceCategory.Dietary, Value = "Allergic to peanuts and tree nuts", Source = PreferenceSource.Email };
        using var changed = await SendAsync(rep, HttpMethod.Put, Url(customer.Id, created.Id), change, created.Version);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await ReadAsync<PreferenceFactDto>(changed);
        Assert.Equal("Allergic to peanuts and tree nuts", after.Value);
        Assert.Equal(new DateOnly(2026, 3, 1), after.NotedOn); // a change without a day keeps the recorded one

        using var stale = await SendAsync(rep, HttpMethod.Put, Url(customer.Id, created.Id), change, created.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var staleRemove = await SendAsync(rep, HttpMethod.Delete, Url(customer.Id, created.Id), null, created.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleRemove.StatusCode);
        using var noIfMatch = await rep.DeleteAsync(Url(customer.Id, created.Id));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);

        using var removed = await SendAsync(rep, HttpMethod.Delete, Url(customer.Id, created.Id), null, after.Version);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var left = await rep.GetFromJsonAsync<List<PreferenceFactDto>>(Url(customer.Id), Json);
        Assert.Equal(["Room on a high floor"], left!.Select(f => f.Value));
        using var gone = await rep.GetAsync(Url(customer.Id, created.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_empty_fact_an_unknown_category_and_a_day_in_the_future_are_refused_with_the_fields_named()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(rep, Person("Strictfacts"));
        using var response = await rep.PostAsJsonAsync(Url(customer.Id),
            new { category = "Horoscope", value = "x" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        using var invalid = await rep.PostAsJsonAsync(Url(customer.Id),
            new PreferenceFactInput { Value = " ", NotedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5) }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var fields = (await ReadAsync<JsonElement>(invalid)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("value", fields);
        Assert.Contains("notedOn", fields);
        Assert.Empty((await rep.GetFromJsonAsync<List<PreferenceFactDto>>(Url(customer.Id), Json))!);

        using var unknown = await rep.PostAsJsonAsync(Url(987654321), new PreferenceFactInput { Value = "Lost" }, Json);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Another_rep_reads_but_may_not_record_and_an_agent_records_but_changes_only_their_own_facts()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var otherRep = await fixture.ClientAsync(SecondRep);
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        var customer = await CreateAsync(rep, Person("Owned"));
        var repsFact = await RecordAsync(rep, customer.Id, new PreferenceFactInput { Category = PreferenceCategory.Contact, Value = "Prefers phone after 18:00" });

        Assert.Single((await otherRep.GetFromJsonAsync<List<PreferenceFactDto>>(Url(customer.Id), Json))!);
        using var refused = await otherRep.PostAsJsonAsync(Url(customer.Id), new PreferenceFactInput { Value = "Not mine" }, Json);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var agentsFact = await RecordAsync(agent, customer.Id, new PreferenceFactInput { Category = PreferenceCategory.Communication, Value = "Replies in German" });
        using var agentChangesRep = await SendAsync(agent, HttpMethod.Delete, Url(customer.Id, repsFact.Id), null, repsFact.Version);
        Assert.Equal(HttpStatusCode.Forbidden, agentChangesRep.StatusCode);
        using var agentChangesOwn = await SendAsync(agent, HttpMethod.Put, Url(customer.Id, agentsFact.Id),
            new PreferenceFactInput { Category = PreferenceCategory.Communication, Value = "Replies in German or English" }, agentsFact.Version);
        Assert.Equal(HttpStatusCode.OK, agentChangesOwn.StatusCode);
        using var repRemovesAgents = await SendAsync(rep, HttpMethod.Delete, Url(customer.Id, agentsFact.Id), null,
            (await ReadAsync<PreferenceFactDto>(agentChangesOwn)).Version);
        Assert.Equal(HttpStatusCode.NoContent, repRemovesAgents.StatusCode);
    }

    [Fact]
    public async Task The_contracts_list_customers_by_category_and_text_and_give_the_workspace_the_facts()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var vegan = await CreateAsync(rep, Person("Vegan" + marker));
        var roomOnly = await CreateAsync(rep, Person("Room" + marker));
        await RecordAsync(rep, vegan.Id, new PreferenceFactInput { Category = PreferenceCategory.Dietary, Value = $"Strictly VEGAN {marker}" });
        await RecordAsync(rep, vegan.Id, new PreferenceFactInput { Category = PreferenceCategory.Dietary, Value = $"vegan desserts {marker}" });
        await RecordAsync(rep, roomOnly.Id, new PreferenceFactInput { Category = PreferenceCategory.Room, Value = $"Vegan-friendly minibar {marker}" });

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:campaigns", CrmRoles.Manager);
        var search = scope.ServiceProvider.GetRequiredService<IPreferenceFactSearch>();
        Assert.Equal([vegan.Id], await search.CustomersWithAsync(PreferenceCategory.Dietary, $"vegan desserts {marker}".ToUpperInvariant()));
        Assert.Equal([vegan.Id, roomOnly.Id], await search.CustomersWithAsync(null, marker));
        Assert.Equal([roomOnly.Id], await search.CustomersWithAsync(PreferenceCategory.Room, marker));
        Assert.Contains(vegan.Id, await search.CustomersWithAsync(PreferenceCategory.Dietary, null));

        var preferences = await scope.ServiceProvider.GetRequiredService<ICustomerDirectory>().PreferencesAsync(vegan.Id);
        Assert.Equal(2, preferences!.Facts.Count);
        Assert.All(preferences.Facts, f => Assert.Equal(PreferenceCategory.Dietary, f.Category));
    }

    [Fact]
    public async Task A_merge_keeps_the_facts_on_the_survivor_and_an_erase_exports_then_deletes_them()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, Person("Survivor"));
        var merged = await CreateAsync(manager, Person("Merged"));
        await RecordAsync(manager, merged.Id, new PreferenceFactInput { Category = PreferenceCategory.Personal, Value = "Birthday 12 May" });

        using var merge = await manager.PostAsJsonAsync(new Uri($"/api/v1/customers/{survivor.Id}/merge", UriKind.Relative),
            new MergeCustomersRequest { MergedId = merged.Id, SurvivorVersion = survivor.Version, MergedVersion = merged.Version }, Json);
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var kept = await manager.GetFromJsonAsync<List<PreferenceFactDto>>(Url(survivor.Id), Json);
        Assert.Equal(survivor.Id, Assert.Single(kept!).CustomerId);

        var export = await manager.GetStringAsync(new Uri($"/api/v1/customers/{survivor.Id}/privacy/export", UriKind.Relative));
        Assert.Contains("Birthday 12 May", export, StringComparison.Ordinal);
        var current = await ReadAsync<CustomerDetails>(await manager.GetAsync(new Uri($"/api/v1/customers/{survivor.Id}", UriKind.Relative)));
        using var erase = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/customers/{survivor.Id}/privacy/erase", UriKind.Relative));
        erase.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(current.Version)));
        using var erased = await manager.SendAsync(erase);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Empty((await manager.GetFromJsonAsync<List<PreferenceFactDto>>(Url(survivor.Id), Json))!);
    }

    private static Uri Url(long customerId, long? factId = null) =>
        new($"/api/v1/customers/{customerId}/preferences{(factId is null ? "" : $"/{factId}")}", UriKind.Relative);

    private static async Task<PreferenceFactDto> RecordAsync(HttpClient client, long customerId, PreferenceFactInput input)
    {
        using var response = await client.PostAsJsonAsync(Url(customerId), input, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<PreferenceFactDto>(response);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri url, PreferenceFactInput? input, Guid version)
    {
        using var request = new HttpRequestMessage(method, url) { Content = input is null ? null : JsonContent.Create(input, options: Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(version)));
        return await client.SendAsync(request);
    }
}
