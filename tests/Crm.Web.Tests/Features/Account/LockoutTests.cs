using System.Net;
using System.Text.RegularExpressions;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Features.Account;

/// <summary>
/// Failed sign-ins pause the pair of account and client address, not the account for everyone, and the answer never
/// tells whether an email belongs to an account. The client address comes from X-Forwarded-For here, as behind the
/// reverse proxy of docker-compose.
/// </summary>
public sealed partial class LockoutTests : IAsyncLifetime
{
    private readonly DirectoryInfo logs = Directory.CreateTempSubdirectory("ecrm-logs-");
    private CrmWebHost host = default!;

    public Task InitializeAsync()
    {
        host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
        {
            ["DemoData:Customers"] = "0",
            ["FORWARDEDHEADERS_ENABLED"] = "true",
            ["Logging:WriteToFile"] = "true",
            ["Logging:FileDirectory"] = logs.FullName,
        });
        host.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        logs.Delete(recursive: true);
    }

    [Fact]
    public async Task Five_wrong_passwords_pause_that_address_for_the_account_while_the_owner_signs_in_from_elsewhere()
    {
        using var attacker = From("203.0.113.7");
        var messages = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            messages.Add(await RefusedAsync(attacker, "rep@ecrm.local", $"Wrong-Passw0rd{attempt}"));
        }

        // The right password from the paused address is refused too, with the same words.
        messages.Add(await RefusedAsync(attacker, "rep@ecrm.local", CrmWebHost.DemoPassword));
        Assert.Single(messages.Distinct());

        using var owner = From("198.51.100.20");
        using var signedIn = await CrmWebHost.PostSignInAsync(owner, "rep@ecrm.local", CrmWebHost.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Null(await host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task Unknown_emails_wrong_passwords_and_paused_accounts_all_get_the_same_answer()
    {
        using var prober = From("192.0.2.44");
        var unknown = new List<string>();
        var known = new List<string>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            unknown.Add(await RefusedAsync(prober, "nobody@ecrm.local", $"Wrong-Passw0rd{attempt}"));
            known.Add(await RefusedAsync(prober, "agent@ecrm.local", $"Wrong-Passw0rd{attempt}"));
        }

        Assert.Single(unknown.Concat(known).Distinct());
    }

    [Fact]
    public async Task A_pause_is_logged_with_account_and_address_but_never_the_password()
    {
        using var attacker = From("203.0.113.99");
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await RefusedAsync(attacker, "manager@ecrm.local", $"Secret-Guess{attempt}");
        }

        await host.DisposeAsync();
        var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
        Assert.Matches(@"\[WRN\] .*manager@ecrm\.local.*203\.0\.113\.99", text);
        Assert.DoesNotContain("Secret-Guess", text, StringComparison.Ordinal);
    }

    private HttpClient From(string address)
    {
        var client = host.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task<string> RefusedAsync(HttpClient client, string email, string password)
    {
        using var response = await CrmWebHost.PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = LoginError().Match(await response.Content.ReadAsStringAsync());
        Assert.True(error.Success, "The sign-in page shows no error.");
        var text = error.Groups["text"].Value.Trim();
        Assert.StartsWith("Email or password is not correct", text, StringComparison.Ordinal);
        return text;
    }

    // MudAlert renders the message inside nested elements; the text is what the person reads.
    [GeneratedRegex("data-testid=\"login-error\"[^>]*>(?:\\s*<[^>]+>)*(?<text>[^<]+)<")]
    private static partial Regex LoginError();
}
