using System.Diagnostics;

namespace Crm.ApiClient.Tests;

/// <summary>Runs the repository's pinned tools (Kiota from the dotnet tool manifest, Redocly from tests/node).</summary>
internal static class Tools
{
    public static Task<(int ExitCode, string Output, string Error)> KiotaAsync(params string[] arguments) =>
        RunAsync("dotnet", ["kiota", .. arguments], new Dictionary<string, string>
        {
            // No update check or telemetry (the machines have no route to GitHub), no tutorial hints.
            ["KIOTA_OFFLINE_ENABLED"] = "true",
            ["KIOTA_TUTORIAL_ENABLED"] = "false",
            ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
            ["KIOTA_CONSOLE_COLORS_ENABLED"] = "false",
        });

    public static Task<(int ExitCode, string Output, string Error)> RedoclyAsync(params string[] arguments)
    {
        var cli = Path.Combine(RepositoryData.Root, "tests", "node", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed at {cli}: run `npm ci --prefix tests/node` (scripts/test.sh does).");
        return RunAsync("node", [cli, .. arguments], new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
    }

    private static async Task<(int, string, string)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = RepositoryData.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
