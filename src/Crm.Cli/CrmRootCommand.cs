using System.CommandLine;
using Crm.Cli.Commands;

namespace Crm.Cli;

/// <summary>
/// The <c>crm</c> command tree for one run, with what the run reads (environment variables, as the web host reads its
/// configuration) and where it writes (the invocation's output and error writers). <c>Program</c> runs it over the
/// process's environment and console; the tests run the same tree in their own process with their own, so a hundred runs
/// do not each pay a process start-up (building the EF model and compiling it, about 2 s of CPU each).
/// </summary>
internal sealed class CrmRootCommand : RootCommand
{
    public CrmRootCommand(IReadOnlyDictionary<string, string?>? environmentVariables = null)
        : base("eCRM command line: database, users and data over the same modules as the web app.")
    {
        EnvironmentVariables = environmentVariables;
        Options.Add(ProviderOption);
        Options.Add(ConnectionStringOption);
        Subcommands.Add(MigrateCommand.Create());
        Subcommands.Add(UsersCommand.Create());
        Subcommands.Add(ApiKeysCommand.Create());
        Subcommands.Add(GenerateCommand.Create());
        Subcommands.Add(ImportCommand.Create());
        Subcommands.Add(AnalyticsCommand.Create());
    }

    /// <summary>The variables the configuration reads; <c>null</c> reads the process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; }

    public Option<string?> ProviderOption { get; } = new("--provider")
    {
        Description = "Database provider: Sqlite (default) or SqlServer. Overrides Database:Provider.",
        Recursive = true,
    };

    public Option<string?> ConnectionStringOption { get; } = new("--connection-string")
    {
        Description = "Connection string of the CCR. Overrides ConnectionStrings:Crm.",
        Recursive = true,
    };

    /// <summary>The variable <paramref name="name"/> of this run's environment.</summary>
    public string? EnvironmentVariable(string name) =>
        EnvironmentVariables is null ? Environment.GetEnvironmentVariable(name) : EnvironmentVariables.GetValueOrDefault(name);

    /// <summary>The root command of the run <paramref name="parseResult"/> belongs to.</summary>
    public static CrmRootCommand Of(ParseResult parseResult) => (CrmRootCommand)parseResult.RootCommandResult.Command;
}

/// <summary>Where a command writes: standard output for results, standard error for progress and errors.</summary>
internal static class CommandOutput
{
    public static TextWriter Out(this ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    public static TextWriter Error(this ParseResult parseResult) => parseResult.InvocationConfiguration.Error;
}
