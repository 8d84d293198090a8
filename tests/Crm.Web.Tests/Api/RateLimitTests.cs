using System.Net;
using Crm.Testing;

namespace Crm.Web.Tests.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_Retry_After_and_other_callers_are_not_affected()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?>
        {
            ["Api:RateLimit:PermitsPerWindow"] = "3",
            ["Api:RateLimit:WindowSeconds"] = "60",
        });
        using var busy = await host.SignedInClientAsync("rep@ecrm.local");
        using var other = await host.SignedInClientAsync("agent@ecrm.local");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await busy.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await busy.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var unaffected = await other.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }
}
