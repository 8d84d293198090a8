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
    public async Task HandleAsync(OrdersImported integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.OrdersCreated > 0 && options.Value.RecomputeAfterImport)
        {
            await coordinator.StartAsync(
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "After import", "system", CancellationToken.None);
        }
    }
}
