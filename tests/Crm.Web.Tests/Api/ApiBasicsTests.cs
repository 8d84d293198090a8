using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Web.Tests.Api;

public sealed class ApiBasicsTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task An_anonymous_api_call_gets_401_problem_details_not_a_redirect()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_signed_in_caller_sees_their_roles()
    {
        using var client = await host.SignedInClientAsync("manager@ecrm.local");
        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal("manager@ecrm.local", me.GetProperty("name").GetString());
        Assert.Equal(["Manager"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task An_unknown_api_route_gets_404_problem_details()
    {
        using var client = await host.SignedInClientAsync("manager@ecrm.local");
        using var response = await client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_page_gets_the_friendly_404_page()
    {
        using var client = await host.SignedInClientAsync("manager@ecrm.local");
        using var response = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api_and_the_reference_page_is_browsable()
    {
        using var client = await host.SignedInClientAsync("admin@ecrm.local");
        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal("eCRM API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
        Assert.True(paths.TryGetProperty("/api/v1/customers", out _));
        Assert.True(paths.TryGetProperty("/api/v1/customers/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/customers/{customerId}/interactions", out _));
        Assert.True(paths.TryGetProperty("/api/v1/customers/search", out _));

        using var reference = await client.GetAsync(new Uri("/api-reference/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_not_served_anonymously()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
