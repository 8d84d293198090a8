using System.Net;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Features.Account;

public sealed class SignInTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin@ecrm.local", "Admin")]
    [InlineData("manager@ecrm.local", "Manager")]
    [InlineData("rep@ecrm.local", "SalesRep")]
    [InlineData("agent@ecrm.local", "ServiceAgent")]
    public async Task Each_demo_user_signs_in_and_sees_their_name_and_role_on_the_home_page(string email, string role)
    {
        using var client = host.CreateBrowserLikeClient();
        using var signIn = await CrmWebHost.PostSignInAsync(client, email, CrmWebHost.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", new Uri(client.BaseAddress!, signIn.Headers.Location!).AbsolutePath);

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(email, home, StringComparison.Ordinal);
        Assert.Contains($"<b>{role}</b>", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await CrmWebHost.PostSignInAsync(client, "manager@ecrm.local", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Email or password is not correct", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_return_url_is_followed_only_when_it_is_local()
    {
        using var client = host.CreateBrowserLikeClient();
        var page = await client.GetStringAsync(new Uri("/account/login?returnUrl=//evil.example/steal", UriKind.Relative));
        Assert.Contains("Sign in", page, StringComparison.Ordinal);
        Assert.Equal("/", Crm.Web.Features.Account.AccountEndpoints.SafeReturnUrl("//evil.example/steal"));
        Assert.Equal("/", Crm.Web.Features.Account.AccountEndpoints.SafeReturnUrl("https://evil.example"));
        Assert.Equal("/admin/users", Crm.Web.Features.Account.AccountEndpoints.SafeReturnUrl("/admin/users"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await host.SignedInClientAsync("agent@ecrm.local");
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"(?<v>[^\"]+)\"").Groups["v"].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var signOut = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var after = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_without_an_antiforgery_token_is_refused()
    {
        using var client = await host.SignedInClientAsync("agent@ecrm.local");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var signOut = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);

        using var stillIn = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_in_the_database()
    {
        using var client = await host.SignedInClientAsync("manager@ecrm.local");
        var keys = await host.QueryAsync(db => db.DataProtectionKeys.CountAsync());
        Assert.True(keys > 0, "No data-protection key was stored in the CCR.");
    }
}
