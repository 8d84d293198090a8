using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Api;

public sealed class CustomersApiTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_rep_creates_a_customer_with_normalised_contacts_and_becomes_its_owner()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var input = Person("Normalised", "  Norma.Lised@Example.COM ", "(415) 555-0101", "Springfield") with { Tags = ["vip", "newsletter"] };

        using var response = await rep.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative), input, Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var created = await ReadAsync<CustomerDetails>(response);
        Assert.Equal(new Uri(rep.BaseAddress!, $"/api/v1/customers/{created.Id}"), response.Headers.Location);
        Assert.Equal(["norma.lised@example.com"], created.Emails);
        Assert.Equal(["+14155550101"], created.Phones);
        Assert.Equal("Test Normalised", created.DisplayName);
        Assert.Equal(["newsletter", "vip"], created.Tags);
        var repId = (await rep.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative))).GetProperty("id").GetString();
        Assert.Equal(repId, created.OwnerId);
    }

    [Fact]
    public async Task Invalid_input_gets_400_naming_each_bad_field_and_creates_nothing()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var before = await CountAsync();
        var input = new CustomerInput { Kind = CustomerKind.Person, Emails = ["nope"], Phones = ["12"] };

        using var response = await rep.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative), input, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadAsync<JsonElement>(response);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("lastName", fields);
        Assert.Contains("emails[0]", fields);
        Assert.Contains("phones[0]", fields);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_likely_duplicate_is_refused_with_the_candidates_unless_allowed()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person("Duplicate", "dup@example.com"));

        using var refused = await manager.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative),
            Person("Someone Else", "DUP@example.com"), Json);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var duplicates = (await ReadAsync<JsonElement>(refused)).GetProperty("duplicates");
        Assert.Contains(duplicates.EnumerateArray(), d => d.GetProperty("id").GetInt64() == first.Id
            && d.GetProperty("reason").GetString()!.Contains("same email", StringComparison.Ordinal));

        using var samePhone = await manager.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative),
            Person("Phone Twin", phone: "+1 (415) 555-0199"), Json);
        Assert.Equal(HttpStatusCode.Created, samePhone.StatusCode);
        using var phoneDuplicate = await manager.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative),
            Person("Phone Twin Two", phone: "415.555.0199"), Json);
        Assert.Equal(HttpStatusCode.Conflict, phoneDuplicate.StatusCode);

        await CreateAsync(manager, Person("Someone Else", "dup@example.com"), allowDuplicates: true);
    }

    [Fact]
    public async Task Get_returns_the_customer_with_its_version_as_ETag_and_404_for_unknown_ids()
    {
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var created = await CreateAsync(manager, Person("Readable"));

        using var response = await agent.GetAsync(new Uri($"/api/v1/customers/{created.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiConventions.ETagOf(created.Version), response.Headers.ETag!.ToString());

        using var missing = await agent.GetAsync(new Uri("/api/v1/customers/999999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Update_needs_If_Match_and_a_stale_version_gets_412_without_overwriting()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("Versioned"));

        using (var noIfMatch = await rep.PutAsJsonAsync(new Uri($"/api/v1/customers/{created.Id}", UriKind.Relative), Person("Versioned"), Json))
        {
            Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        }

        using var first = await PutAsync(rep, created.Id, Person("Versioned First"), created.Version);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var afterFirst = await ReadAsync<CustomerDetails>(first);
        Assert.NotEqual(created.Version, afterFirst.Version);

        using var stale = await PutAsync(rep, created.Id, Person("Versioned Second"), created.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var current = await rep.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{created.Id}", UriKind.Relative), Json);
        Assert.Equal("Test Versioned First", current!.DisplayName);
    }

    [Theory]
    [InlineData("weak")]
    [InlineData("star")]
    [InlineData("not a version")]
    public async Task An_If_Match_that_is_not_the_current_strong_ETag_gets_412_and_changes_nothing(string kind)
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("Strong Only"));
        var ifMatch = kind switch
        {
            "weak" => "W/" + ApiConventions.ETagOf(created.Version),
            "star" => "*",
            _ => "\"not-a-version\"",
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{created.Id}") { Content = JsonContent.Create(Person("Changed"), options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        using var response = await rep.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("If-Match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var current = await rep.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{created.Id}", UriKind.Relative), Json);
        Assert.Equal(created.Version, current!.Version);
    }

    // The body's version has hyphens, the ETag header has none: both name the same version.
    [Theory]
    [InlineData("N")]
    [InlineData("D")]
    public async Task If_Match_takes_the_version_as_the_ETag_header_or_the_body_writes_it(string format)
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("Either Form"));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{created.Id}") { Content = JsonContent.Create(Person("Either Form Changed"), options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Version.ToString(format)}\"");

        using var response = await rep.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Test Either Form Changed", (await ReadAsync<CustomerDetails>(response)).DisplayName);
    }

    [Theory]
    [InlineData("not-an-etag")]
    [InlineData("unquoted version")]
    public async Task An_If_Match_that_is_no_entity_tag_at_all_is_a_bad_request_and_changes_nothing(string kind)
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("Quoted Only"));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{created.Id}") { Content = JsonContent.Create(Person("Changed"), options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", kind == "not-an-etag" ? kind : created.Version.ToString());

        using var response = await rep.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("double quotes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var current = await rep.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{created.Id}", UriKind.Relative), Json);
        Assert.Equal(created.Version, current!.Version);
    }

    [Fact]
    public async Task A_change_to_emails_only_still_checks_the_version()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("Emails Only", "one@example.com"));
        using var first = await PutAsync(rep, created.Id, Person("Emails Only", "two@example.com"), created.Version);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var stale = await PutAsync(rep, created.Id, Person("Emails Only", "three@example.com"), created.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task List_searches_by_name_email_or_phone_in_any_format_and_filters_and_sorts_on_the_server()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var a = await CreateAsync(manager, Person($"Zeta{marker}", $"zeta{marker}@example.com", "+1 212 555 0111", "Gotham") with { Tags = [marker] });
        var b = await CreateAsync(manager, Person($"Alpha{marker}", null, "+1 212 555 0122", "Metropolis") with { Tags = [marker] });

        Assert.Equal([b.Id], await IdsAsync(manager, $"search=TEST%20alpha{marker}"));
        Assert.Equal([a.Id], await IdsAsync(manager, $"search=ZETA{marker}@EXAMPLE"));
        Assert.Equal([a.Id], await IdsAsync(manager, "search=(212)%20555-0111"));
        Assert.Equal([b.Id], await IdsAsync(manager, "search=%2B12125550122"));
        Assert.Equal([b.Id, a.Id], await IdsAsync(manager, $"tag={marker}&sort=Name"));
        Assert.Equal([a.Id, b.Id], await IdsAsync(manager, $"tag={marker}&sort=Name&descending=true"));
        Assert.Equal([a.Id], await IdsAsync(manager, $"tag={marker}&city=Gotham"));

        var page = await manager.GetFromJsonAsync<PagedResult<CustomerListItem>>(new Uri($"/api/v1/customers?tag={marker}&pageSize=1&page=1", UriKind.Relative), Json);
        Assert.Equal(2, page!.TotalCount);
        Assert.Equal(a.Id, Assert.Single(page.Items).Id);

        var search = await manager.GetFromJsonAsync<List<CustomerSummary>>(new Uri("/api/v1/customers/search?q=212-555-0111", UriKind.Relative), Json);
        Assert.Equal(a.Id, Assert.Single(search!).Id);
    }

    // 2147483647 * 100 wraps to -100 in 32 bits, which skipped nothing and showed the first page again.
    [Fact]
    public async Task A_page_number_so_large_that_its_offset_overflows_gives_an_empty_page()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(manager, Person($"Far{marker}") with { Tags = [marker] });

        var page = await manager.GetFromJsonAsync<PagedResult<CustomerListItem>>(
            new Uri($"/api/v1/customers?tag={marker}&page={int.MaxValue}&pageSize=100", UriKind.Relative), Json);

        Assert.Empty(page!.Items);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task Creating_calls_with_an_Idempotency_Key_store_the_customer_once()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var marker = Guid.NewGuid().ToString("N");
        var input = Person($"Idem{marker[..6]}") with { ExternalId = marker };
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(input, options: Json) };
            request.Headers.Add("Idempotency-Key", marker);
            return await rep.SendAsync(request);
        }

        using var first = await Send();
        using var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Crm.Contacts.Domain.Customer>().CountAsync(c => c.ExternalId == marker)));
    }

    private Task<int> CountAsync() => fixture.Host.QueryAsync(db => db.Set<Crm.Contacts.Domain.Customer>().CountAsync());

    private static async Task<List<long>> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<PagedResult<CustomerListItem>>(new Uri($"/api/v1/customers?{query}", UriKind.Relative), Json);
        return [.. page!.Items.Select(i => i.Id)];
    }

    internal static async Task<HttpResponseMessage> PutAsync(HttpClient client, long id, CustomerInput input, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}") { Content = JsonContent.Create(input, options: Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(version)));
        return await client.SendAsync(request);
    }
}
