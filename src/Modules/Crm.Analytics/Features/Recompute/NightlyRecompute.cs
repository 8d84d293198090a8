using System.Globalization;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crm.Analytics.Features.Recompute;

/// <summary>
/// Marks runs left "Running" by a stopped server as failed, then starts a recompute every night at
/// <see cref="CustomerValueOptions.NightlyAtUtc"/> (as of that day).
/// </summary>
internal sealed class NightlyRecompute(
    ValueRunCoordinator coordinator, IServiceScopeFactory scopeFactory, IOptions<CustomerValueOptions> options, TimeProvider clock)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MarkInterruptedAsync(stoppingToken);
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
            await coordinator.StartAsync(DateOnly.FromDateTime(next), "Nightly", "system", stoppingToken);
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
}
