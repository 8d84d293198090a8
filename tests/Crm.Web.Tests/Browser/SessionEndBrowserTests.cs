using System.Net;
using System.Text.RegularExpressions;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Web.Tests.Browser;

/// <summary>
/// An open page (a live Blazor circuit) loses its session within the revalidation interval when the user is blocked,
/// gets other roles or signs out elsewhere: the page goes to the sign-in page by itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SessionEndBrowserTests(BrowserFixture browser)
{
    private const string Password = "Circuit-Passw0rd";

    [Theory]
    [InlineData("blocked")]
    [InlineData("roles changed")]
    [InlineData("signed out elsewhere")]
    public async Task An_open_page_is_sent_to_sign_in_within_the_revalidation_interval(string what)
    {
        // A one-second interval, so the page follows within a second instead of the default 30.
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
        {
            ["DemoData:Customers"] = "0",
            ["Authentication:CircuitRevalidationSeconds"] = "1",
        });
        var email = $"circuit.{Guid.NewGuid():N}@example.com";
        await AsAdminAsync(host, administration => administration.CreateAsync(new NewUser(email, "Circuit User", CrmRoles.SalesRep, Password)));
        var id = await host.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = host.BaseAddress.ToString() });
        context.SetDefaultTimeout(BrowserFixture.WaitTimeout);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email, Password);
        Assert.Contains(email, await page.InnerTextAsync("[data-testid=home-email]"), StringComparison.Ordinal);

        switch (what)
        {
            case "blocked":
                await AsAdminAsync(host, administration => administration.SetSignInBlockedAsync(id, blocked: true));
                break;
            case "roles changed":
                await AsAdminAsync(host, administration => administration.SetRolesAsync(id, [CrmRoles.ServiceAgent]));
                break;
            default:
                using (var elsewhere = host.CreateBrowserLikeClient())
                {
                    using var signIn = await CrmWebHost.PostSignInAsync(elsewhere, email, Password);
                    Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
                    var home = await elsewhere.GetStringAsync(new Uri("/", UriKind.Relative));
                    var token = AntiforgeryField().Match(home).Groups["value"].Value;
                    using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
                    using var signOut = await elsewhere.PostAsync(new Uri("/account/logout", UriKind.Relative), form);
                    Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
                }

                break;
        }

        await page.WaitForURLAsync(SignInPage(), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-testid=sign-in]");
    }

    private static async Task AsAdminAsync(CrmWebHost host, Func<UserAdministration, Task<Crm.Kernel.Errors.OperationResult>> action)
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        var result = await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
        Assert.True(result.Succeeded, result.ToString());
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex SignInPage();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
