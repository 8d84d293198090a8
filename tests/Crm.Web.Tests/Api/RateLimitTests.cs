using System.Globalization;
using System.Net;
using Crm.Kernel;
using Crm.Testing;

namespace Crm.Web.Tests.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_Retry_After_and_other_callers_are_not_affected()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
        {
            ["DemoData:Customers"] = "0",
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
        Assert.True(RetryAfter(refused) >= 1);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var unaffected = await other.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }

    [Fact]
    public async Task By_default_a_caller_gets_600_requests_a_minute_and_then_429()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });
        using var client = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.SalesRep));

        for (var i = 0; i < 600; i++)
        {
            using var allowed = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task By_default_the_eleventh_unknown_key_from_one_address_gets_429()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });
        using var guesser = host.CreateApiKeyClient("ecrm_000000000000_guessed");

        for (var i = 0; i < 10; i++)
        {
            using var unknown = await guesser.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using var blocked = await guesser.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
    }

    [Fact]
    public async Task After_the_configured_number_of_unknown_keys_an_address_is_blocked_even_with_a_valid_key_and_the_block_is_logged()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            await using (var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
            {
                ["DemoData:Customers"] = "0",
                ["Api:FailedKeyLimit:PermitsPerWindow"] = "3",
                ["Api:FailedKeyLimit:WindowSeconds"] = "600",
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
            }))
            {
                var valid = await host.IssueApiKeyAsync(CrmRoles.Manager);
                using var guesser = host.CreateApiKeyClient("ecrm_000000000000_guessed");
                using var integration = host.CreateApiKeyClient(valid);
                using (var before = await integration.GetAsync(new Uri("/api/v1/me", UriKind.Relative)))
                {
                    Assert.Equal(HttpStatusCode.OK, before.StatusCode);
                }

                for (var i = 0; i < 3; i++)
                {
                    using var unknown = await guesser.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
                    Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
                }

                using var blocked = await guesser.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
                Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
                Assert.InRange(RetryAfter(blocked), 1, 600);
                Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);

                // The same address with a valid key waits too: the guesser could hold one.
                using var validButBlocked = await integration.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
                Assert.Equal(HttpStatusCode.TooManyRequests, validButBlocked.StatusCode);

                // People signed in with a cookie are not API-key callers.
                using var person = await host.SignedInClientAsync("manager@ecrm.local");
                using var page = await person.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
            Assert.Matches(@"\[WRN\] .*127\.0\.0\.1", text);
            Assert.DoesNotContain("guessed", text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
}
