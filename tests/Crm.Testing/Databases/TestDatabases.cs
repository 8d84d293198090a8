using Crm.Kernel.Data;
using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace Crm.Testing.Databases;

/// <summary>
/// A fresh database per test on the provider asked for: a SQLite file, or a new database in one SQL Server 2022 container
/// shared by the test run (started on first use). Where SQL Server cannot run, the reason to skip.
/// </summary>
public static class TestDatabases
{
    private const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private static readonly Lazy<Task<(MsSqlContainer? Container, string? SkipReason)>> SqlServer = new(StartSqlServerAsync);

    /// <summary>
    /// The settings that point a <see cref="CrmWebHost"/> at a fresh database of <paramref name="provider"/> (no demo data),
    /// or the reason SQL Server is not available here (pass it to <c>Skip.If</c>).
    /// </summary>
    public static async Task<(Dictionary<string, string?> Settings, string? SkipReason)> HostSettingsAsync(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["DemoData:Customers"] = "0" };
        if (provider == DatabaseProvider.Sqlite)
        {
            return (settings, null);
        }

        var (container, skipReason) = await SqlServer.Value;
        if (container is null)
        {
            return (settings, skipReason);
        }

        var connection = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = $"crm_{Guid.NewGuid():N}" };
        settings["Database:Provider"] = "SqlServer";
        settings["ConnectionStrings:Crm"] = connection.ConnectionString;
        return (settings, null);
    }

    private static async Task<(MsSqlContainer?, string?)> StartSqlServerAsync()
    {
        try
        {
            var container = new MsSqlBuilder(Image).Build();
            await container.StartAsync();
            return (container, null);
        }
        catch (Exception ex) when (ex is DockerUnavailableException || ex.GetType().Name.Contains("Docker", StringComparison.Ordinal)
                                   || ex is HttpRequestException || ex is TimeoutException)
        {
            return (null, $"No Docker engine is reachable here, so SQL Server cannot run ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
