using System.Net;
using Crm.Kernel.Data;
using Crm.Testing;
using Crm.Testing.Databases;

namespace Crm.Web.Tests.SqlServer;

/// <summary>
/// The same start-up and sign-in on SQL Server 2022 in a container. Where no Docker engine is reachable this is reported
/// as skipped, with that reason, rather than passing silently.
/// </summary>
public sealed class SqlServerSmokeTests
{
    [SkippableFact]
    public async Task The_app_migrates_a_SQL_Server_database_and_a_user_signs_in()
    {
        var (settings, skipReason) = await TestDatabases.HostSettingsAsync(DatabaseProvider.SqlServer);
        Skip.If(skipReason is not null, skipReason);

        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings);
        using var client = await host.SignedInClientAsync("admin@ecrm.local");
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("<b>Admin</b>", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }
}
