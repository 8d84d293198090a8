using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Tests.Features.Api;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Verification;

/// <summary>Five checks an hour per client address, over the page's form and the API together; showing the form is free.</summary>
public sealed class VerificationRateLimitTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task The_sixth_check_within_the_hour_is_refused_with_Retry_After_and_a_clear_page()
    {
        using var client = fixture.Host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var check = await client.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code = "ABCD-EFGH" }, Json);
            Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        }

        using (var form = await client.PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent([new("code", "ABCD-EFGH")])))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            Assert.Contains("No match", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // What was typed comes back in the field, encoded.
        using (var hostile = await client.PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent([new("code", "\"><script>alert(1)</script>")])))
        {
            var echoed = await hostile.Content.ReadAsStringAsync();
            Assert.Contains("No match", echoed, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", echoed, StringComparison.Ordinal);
            Assert.Contains("&quot;&gt;&lt;script&gt;", echoed, StringComparison.Ordinal);
        }

        using var page = await client.GetAsync(new Uri("/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var api = await client.PostAsJsonAsync(new Uri("/api/v1/verify", UriKind.Relative), new { code = "ABCD-EFGH" }, Json);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.InRange(int.Parse(api.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);

        using var paused = await client.PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent([new("code", "ABCD-EFGH")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, paused.StatusCode);
        var html = await paused.Content.ReadAsStringAsync();
        Assert.Contains("please wait", html, StringComparison.Ordinal);
        Assert.Contains("What we never ask for", html, StringComparison.Ordinal);
    }
}
