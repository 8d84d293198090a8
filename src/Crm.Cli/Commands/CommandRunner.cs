using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary>Runs a command body with its services; turns usage errors into a clear message and exit code 2.</summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(ParseResult parseResult, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var services = CliHost.BuildServices(parseResult);
            await using var scope = CliHost.CreateScope(services);
            return await body(scope.ServiceProvider, cancellationToken);
        }
        catch (Crm.Kernel.Errors.NotFoundException ex)
        {
            await parseResult.Error().WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (CliUsageException ex)
        {
            await parseResult.Error().WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            await parseResult.Error().WriteLineAsync("Cancelled.");
            return Failed;
        }
    }
}
