using Crm.Kernel.Events;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Features.Live;

/// <summary>An order was placed, returned or cancelled (and committed): queue its customer for a real-time update.</summary>
internal sealed class OrderChangedHandler(LiveUpdateQueue queue) : IIntegrationEventHandler<OrderChanged>
{
    public Task HandleAsync(OrderChanged integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.CustomerId is { } customerId)
        {
            queue.Enqueue(customerId);
        }

        return Task.CompletedTask;
    }
}
