using System.Net;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task A_fresh_SQLite_file_is_created_and_migrated_on_first_start_with_the_four_roles()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath());
        Assert.False(File.Exists(host.DatabasePath));

        var roles = await host.QueryAsync(db => db.Roles.OrderBy(r => r.Name).Select(r => r.Name).ToListAsync());

        Assert.True(File.Exists(host.DatabasePath));
        Assert.Equal(["Admin", "Manager", "SalesRep", "ServiceAgent"], roles);
        Assert.Empty(await host.QueryAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task Outside_Development_no_demo_users_are_created()
    {
        // Outside Development the keys must be encrypted with a certificate or accepted as unencrypted explicitly.
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(),
            new Dictionary<string, string?> { ["DataProtection:AllowUnencryptedKeys"] = "true" }, environment: "Production");
        Assert.Equal(0, await host.QueryAsync(db => db.Users.CountAsync()));
        using var client = host.CreateBrowserLikeClient();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_survives_a_restart_because_the_keys_are_in_the_database()
    {
        var path = CrmWebHost.NewDatabasePath();
        var cookies = new CookieContainer();
        await using (var first = CrmWebHost.Create(path))
        {
            using var client = first.CreateBrowserLikeClient(cookies);
            using var signIn = await CrmWebHost.PostSignInAsync(client, "manager@ecrm.local", CrmWebHost.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        await using var second = CrmWebHost.Create(path);
        using var again = second.CreateBrowserLikeClient(cookies);
        using var home = await again.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("manager@ecrm.local", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_log_lines_go_through_the_configured_pipeline_into_the_log_file()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            await using (var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?>
            {
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            }))
            {
                using var client = host.CreateBrowserLikeClient();
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            var file = Assert.Single(logs.GetFiles("crm-*.log"));
            var text = await File.ReadAllTextAsync(file.FullName);
            Assert.Contains("HTTP GET /health/ready responded 200", text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
