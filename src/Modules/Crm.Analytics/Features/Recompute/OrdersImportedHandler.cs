using Crm.Kernel.Events;
using Crm.Sales.Contracts;
using Microsoft.Extensions.Options;

namespace Crm.Analytics.Features.Recompute;

/// <summary>
/// A bulk import changed many customers at once: start a recompute as of today (unless one runs already) instead of
/// updating them one by one.
/// </summary>
internal sealed class OrdersImportedHandler(ValueRunCoordinator coordinator, IOptions<CustomerValueOptions> options, TimeProvider clock) : IIntegrationEventHandler<OrdersImported>
{
    // One recompute covers any number of imports; starting it while one runs joins that run, so a repeat is harmless.
    public async Task HandleAsync(IReadOnlyList<EventEnvelope<OrdersImported>> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Any(e => e.Event.OrdersCreated > 0) && options.Value.RecomputeAfterImport)
        {
            await coordinator.StartAsync(
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "After import", "system", CancellationToken.None);
        }
    }
}
