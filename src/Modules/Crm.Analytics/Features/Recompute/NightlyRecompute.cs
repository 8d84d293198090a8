using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Analytics.Features.Recompute;

/// <summary>
/// Marks runs left "Running" by a stopped server as failed, then starts a recompute every night at
/// <see cref="CustomerValueOptions.NightlyAtUtc"/> (as of that day).
/// </summary>
internal sealed partial class NightlyRecompute(
    ValueRunCoordinator coordinator, IServiceScopeFactory scopeFactory, IOptions<CustomerValueOptions> options, TimeProvider clock,
    ILogger<NightlyRecompute> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A database that cannot be opened must not stop the host (readiness reports it); the schedule runs on regardless.
        try
        {
            await MarkInterruptedAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, "mark interrupted runs");
        }

        if (!TimeOnly.TryParse(options.Value.NightlyAtUtc, CultureInfo.InvariantCulture, out var at))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = DateOnly.FromDateTime(now).ToDateTime(at, DateTimeKind.Utc);
            if (next <= now)
            {
                next = next.AddDays(1);
            }

            await Task.Delay(next - now, clock, stoppingToken);
            try
            {
                await coordinator.StartAsync(DateOnly.FromDateTime(next), "Nightly", "system", stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, "start the nightly recompute");
            }
        }
    }

    private async Task MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var system = await SystemDb.OpenAsync(scopeFactory, cancellationToken);
        var db = system.Context;
        var running = ValueRunStatus.Running;
        var failed = ValueRunStatus.Failed;
        var now = clock.GetUtcNow().UtcDateTime;
        if (coordinator.Current is null)
        {
            await db.Set<ValueRun>().Where(r => r.Status == running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, failed)
                    .SetProperty(r => r.FinishedAtUtc, now)
                    .SetProperty(r => r.Message, "Interrupted: the server stopped while it ran."), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer-value schedule could not {Action}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string action);
}
