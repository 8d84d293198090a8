using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Analytics.Features.Live;

/// <summary>
/// Works off the <see cref="LiveUpdateQueue"/>: each customer whose order changed gets new figures, then open screens are
/// told. Customers queued several times while one update runs are updated once. The time from the committed order to the
/// committed figures is recorded in the histogram <c>crm.analytics.live_update.latency</c> (milliseconds).
/// </summary>
internal sealed partial class LiveValueUpdater(
    LiveUpdateQueue queue, IServiceScopeFactory scopeFactory, CustomerValueChanges changes, ILogger<LiveValueUpdater> logger)
    : BackgroundService
{
    public const string MeterName = "Crm.Analytics";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "crm.analytics.live_update.latency", "ms", "From the committed order to the committed customer figures");

    /// <summary>Raised after each update with the customer and the latency in milliseconds (benchmarks and tests listen).</summary>
    public event Action<long, double>? Updated;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new Dictionary<long, long>();
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (queue.Reader.TryRead(out var request))
            {
                // Keep the earliest commit time of a customer queued twice: its latency counts from there.
                pending.TryAdd(request.CustomerId, request.CommittedAt);
            }

            foreach (var (customerId, committedAt) in pending)
            {
                await UpdateAsync(customerId, committedAt, stoppingToken);
            }

            pending.Clear();
        }
    }

    private async Task UpdateAsync(long customerId, long committedAt, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var calculator = scope.ServiceProvider.GetRequiredService<LiveValueCalculator>();
            if (!await calculator.UpdateAsync(customerId, stoppingToken))
            {
                return;
            }

            var milliseconds = Stopwatch.GetElapsedTime(committedAt).TotalMilliseconds;
            Latency.Record(milliseconds);
            Updated?.Invoke(customerId, milliseconds);
            changes.RaiseCustomerChanged(customerId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, customerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Real-time value update failed for customer {CustomerId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long customerId);
}
