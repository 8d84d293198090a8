using System.Net;
using System.Text.RegularExpressions;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Features.Account;

/// <summary>
/// A session ends for real: a copy of the sign-in cookie taken before sign-out, a role change, a block or a password
/// change is refused afterwards (401 on the API, the sign-in page for pages), not honoured for the rest of its 10 hours.
/// </summary>
public sealed partial class SessionEndTests(NoDemoDataHost fixture) : IClassFixture<NoDemoDataHost>
{
    private readonly CrmWebHost host = fixture.Host;

    private const string Password = "Session-Passw0rd";

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_sign_out()
    {
        var (email, _) = await NewUserAsync();
        var cookies = new CookieContainer();
        using var browser = await SignInAsync(email, cookies);
        using var thief = CopyOf(cookies);
        await AssertSignedInAsync(thief);

        var home = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(home) });
        using var signOut = await browser.PostAsync(new Uri("/account/logout", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        await AssertSignedOutAsync(thief);
    }

    [Fact]
    public async Task An_open_session_ends_when_an_admin_changes_the_users_roles()
    {
        var (email, id) = await NewUserAsync();
        var cookies = new CookieContainer();
        using var browser = await SignInAsync(email, cookies);
        await AssertSignedInAsync(browser);

        await AsAdminAsync(administration => administration.SetRolesAsync(id, [CrmRoles.Manager]));

        await AssertSignedOutAsync(browser);
        // The next sign-in carries the new role.
        using var again = await SignInAsync(email, new CookieContainer());
        Assert.Contains("<b>Manager</b>", await again.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_session_ends_when_an_admin_blocks_the_user()
    {
        var (email, id) = await NewUserAsync();
        var cookies = new CookieContainer();
        using var browser = await SignInAsync(email, cookies);
        await AssertSignedInAsync(browser);

        await AsAdminAsync(administration => administration.SetSignInBlockedAsync(id, blocked: true));

        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_the_current_one_with_a_fresh_cookie()
    {
        var (email, _) = await NewUserAsync();
        var here = new CookieContainer();
        using var current = await SignInAsync(email, here);
        using var elsewhere = await SignInAsync(email, new CookieContainer());
        await AssertSignedInAsync(elsewhere);

        var page = await current.GetStringAsync(new Uri("/account/change-password", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = Token(page),
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "Changed-Passw0rd",
            ["Input.ConfirmPassword"] = "Changed-Passw0rd",
        });
        using var changed = await current.PostAsync(new Uri("/account/change-password", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AssertSignedOutAsync(elsewhere);
        await AssertSignedInAsync(current);
    }

    private async Task<(string Email, string Id)> NewUserAsync()
    {
        var email = $"session.{Guid.NewGuid():N}@example.com";
        await AsAdminAsync(administration => administration.CreateAsync(new NewUser(email, "Session User", CrmRoles.SalesRep, Password)));
        var id = await host.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (email, id);
    }

    private async Task AsAdminAsync(Func<UserAdministration, Task<Crm.Kernel.Errors.OperationResult>> action)
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        var result = await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
        Assert.True(result.Succeeded, result.ToString());
    }

    private async Task<HttpClient> SignInAsync(string email, CookieContainer cookies)
    {
        var client = host.CreateBrowserLikeClient(cookies);
        using var response = await CrmWebHost.PostSignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>What someone who copied the cookies (for example from a shared computer) would send.</summary>
    private HttpClient CopyOf(CookieContainer cookies)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(host.BaseAddress))
        {
            copy.Add(host.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        }

        return host.CreateBrowserLikeClient(copy);
    }

    private static async Task AssertSignedInAsync(HttpClient client)
    {
        using var api = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        using var api = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.AbsolutePath : page.Headers.Location.OriginalString.Split('?')[0]);
    }

    private static string Token(string page)
    {
        var token = AntiforgeryField().Match(page).Groups["value"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The page has no antiforgery token.");
        return token;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
