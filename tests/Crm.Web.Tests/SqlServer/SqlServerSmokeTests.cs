using System.Net;
using Crm.Testing;
using DotNet.Testcontainers.Builders;
using Testcontainers.MsSql;

namespace Crm.Web.Tests.SqlServer;

/// <summary>
/// The same start-up and sign-in on SQL Server 2022 in a container. Where no Docker engine is reachable these are
/// reported as skipped, with that reason, rather than passing silently.
/// </summary>
public sealed class SqlServerSmokeTests : IAsyncLifetime
{
    private const string Image = "mcr.microsoft.com/mssql/server:2022-latest";
    private MsSqlContainer? container;
    private string? skipReason;

    public async Task InitializeAsync()
    {
        try
        {
            container = new MsSqlBuilder(Image).Build();
            await container.StartAsync();
        }
        catch (Exception ex) when (ex is DockerUnavailableException || ex.GetType().Name.Contains("Docker", StringComparison.Ordinal)
                                   || ex is HttpRequestException || ex is TimeoutException)
        {
            skipReason = $"No Docker engine is reachable here, so SQL Server cannot run ({ex.GetType().Name}: {ex.Message})";
        }
    }

    public async Task DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task The_app_migrates_a_SQL_Server_database_and_a_user_signs_in()
    {
        Skip.If(skipReason is not null, skipReason);

        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Crm"] = container!.GetConnectionString(),
        });
        using var client = await host.SignedInClientAsync("admin@ecrm.local");
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("<b>Admin</b>", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }
}
