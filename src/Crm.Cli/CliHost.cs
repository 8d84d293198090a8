using System.CommandLine;
using Crm.Web.Hosting;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Cli;

/// <summary>
/// Builds the services a command needs from the same configuration as the web host: appsettings.json,
/// appsettings.{Environment}.json, environment variables (<c>ConnectionStrings__Crm</c>, <c>Database__Provider</c>),
/// then the <c>--provider</c> and <c>--connection-string</c> options, which win.
/// </summary>
internal static class CliHost
{
    public static ServiceProvider BuildServices(ParseResult parseResult)
    {
        var root = CrmRootCommand.Of(parseResult);
        var environment = root.EnvironmentVariable("DOTNET_ENVIRONMENT") ?? root.EnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        // No background work in a command-line process: imports do not start a recompute (`crm analytics recompute` does).
        var overrides = new Dictionary<string, string?> { ["Analytics:RecomputeAfterImport"] = "false", ["Analytics:NightlyAtUtc"] = "" };
        if (parseResult.GetValue(root.ProviderOption) is { } provider)
        {
            overrides["Database:Provider"] = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed)
                ? parsed.ToString()
                : throw new CliUsageException($"Unknown provider '{provider}'. Use Sqlite or SqlServer.");
        }

        if (parseResult.GetValue(root.ConnectionStringOption) is { } connectionString)
        {
            overrides["ConnectionStrings:Crm"] = connectionString;
        }

        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true);
        var configuration = (root.EnvironmentVariables is null
                ? builder.AddEnvironmentVariables()
                : builder.AddInMemoryCollection(root.EnvironmentVariables.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value))))
            .AddInMemoryCollection(overrides)
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
        services.AddCrmModules(configuration);
        services.AddCrmDatabase();

        services.AddCrmIdentityCore();
        var serviceProvider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            _ = serviceProvider.GetRequiredService<CrmConnection>();
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        return serviceProvider;
    }

    /// <summary>A scope acting as the command line (with the Admin role: whoever runs it has the database).</summary>
    public static AsyncServiceScope CreateScope(ServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor($"cli:{Environment.UserName}", CrmRoles.Admin);
        return scope;
    }
}

/// <summary>Bad input on the command line: printed as a one-line error, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
