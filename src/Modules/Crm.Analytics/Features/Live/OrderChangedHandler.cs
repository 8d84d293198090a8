using Crm.Kernel.Events;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Features.Live;

/// <summary>An order was placed, returned or cancelled (and committed): queue its customer for a real-time update.</summary>
internal sealed class OrderChangedHandler(LiveUpdateQueue queue) : IIntegrationEventHandler<OrderChanged>
{
    // Queuing a customer twice only recomputes their figures twice: a repeated delivery is harmless.
    public Task HandleAsync(IReadOnlyList<EventEnvelope<OrderChanged>> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var customerId in events.Select(e => e.Event.CustomerId).OfType<long>())
        {
            queue.Enqueue(customerId);
        }

        return Task.CompletedTask;
    }
}
