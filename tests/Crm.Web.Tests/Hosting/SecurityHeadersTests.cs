using System.Net;
using Crm.Kernel;
using Crm.Testing;

namespace Crm.Web.Tests.Hosting;

/// <summary>
/// What every response says about the server and what the browser may do: websockets only to this origin, no Server
/// header, and HSTS (outside Development, over HTTPS) with includeSubDomains only where configured.
/// </summary>
public sealed class SecurityHeadersTests(NoDemoDataHost fixture) : IClassFixture<NoDemoDataHost>
{
    [Fact]
    public async Task A_page_allows_connections_only_to_its_own_origin_and_names_no_server()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertConnectOnlyToSelf(response);
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_API_response_names_no_server_and_carries_the_policy(bool withKey)
    {
        using var client = withKey
            ? fixture.Host.CreateApiKeyClient(await fixture.Host.IssueApiKeyAsync(CrmRoles.ServiceAgent))
            : fixture.Host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(withKey ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        AssertConnectOnlyToSelf(response);
    }

    [Theory]
    [InlineData(null, "max-age=31536000")]
    [InlineData("true", "max-age=31536000; includeSubDomains")]
    public async Task Outside_Development_HTTPS_responses_carry_HSTS_with_includeSubDomains_only_when_configured(string? includeSubDomains, string expected)
    {
        // Behind the reverse proxy of docker-compose: the proxy says the request came over HTTPS for the public host name.
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:AllowUnencryptedKeys"] = "true",
            ["FORWARDEDHEADERS_ENABLED"] = "true",
        };
        if (includeSubDomains is not null)
        {
            settings["Security:Hsts:IncludeSubDomains"] = includeSubDomains;
        }

        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings, environment: "Production");
        using var client = host.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "crm.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    private static void AssertConnectOnlyToSelf(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var connect = csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("connect-src", StringComparison.Ordinal));
        Assert.Equal("connect-src 'self'", connect);
    }
}
