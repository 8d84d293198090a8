using System.Diagnostics;
using System.Reflection;

namespace Crm.Cli.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>crm</c> executable against a fresh SQLite file, with a clean environment for the database settings.</summary>
internal sealed class CrmCommandLine : IDisposable
{
    private static readonly string CliDll = Path.Combine(
        typeof(CrmCommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliOutputDirectory").Value!,
        "crm.dll");

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"cli-{Guid.NewGuid():N}.db");

    public async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Crm"] = $"Data Source={DatabasePath};Pooling=false";
        start.Environment.Remove("Database__Provider");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    public void Dispose()
    {
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
