using System.CommandLine;
using System.Diagnostics;
using System.Reflection;

namespace Crm.Cli.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs <c>crm</c> against a fresh SQLite file with a clean environment for the database settings: the command tree in
/// this process (<see cref="RunAsync(string[])"/>: the same commands, configuration and database as the executable, without
/// its 2 s start-up), or the real executable in a child process (<see cref="RunProcessAsync(string[])"/>: the process's
/// environment variables, console and exit code).
/// </summary>
internal sealed class CrmCommandLine : IDisposable
{
    private static readonly string CliDll = Path.Combine(
        typeof(CrmCommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliOutputDirectory").Value!,
        "crm.dll");

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"cli-{Guid.NewGuid():N}.db");

    /// <summary>The environment of a run: this database, the Production settings, and <paramref name="extra"/>.</summary>
    private Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string>? extra)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var variables = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Crm"] = $"Data Source={DatabasePath};Pooling=false",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return variables;
    }

    public async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new CrmRootCommand(Environment(environment)).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    public async Task<CliResult> RunProcessAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("Database__Provider");
        foreach (var (key, value) in Environment(environment))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    public Task<CliResult> RunProcessAsync(params string[] args) => RunProcessAsync(null, args);

    public void Dispose()
    {
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
