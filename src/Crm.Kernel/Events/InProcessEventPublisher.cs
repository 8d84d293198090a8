using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Kernel.Events;

/// <summary>
/// Delivers events to their handlers in a fresh DI scope, one after the other. The change that raised an event is
/// already committed, so a failing handler is logged and does not undo it or stop the other handlers.
/// </summary>
public sealed class InProcessEventPublisher(IServiceScopeFactory scopeFactory, ILogger<InProcessEventPublisher> logger)
    : IIntegrationEventPublisher
{
    /// <summary>How to reach the handlers of each event type, built once (reflection per event cost a dynamic method whenever
    /// the runtime had dropped its reflection cache).</summary>
    private static readonly ConcurrentDictionary<Type, Delivery> Deliveries = new();

    public async Task PublishAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        foreach (var integrationEvent in events)
        {
            var delivery = Deliveries.GetOrAdd(integrationEvent.GetType(), Delivery.For);
            foreach (var handler in scope.ServiceProvider.GetServices(delivery.HandlerType))
            {
                try
                {
                    await delivery.Handle(handler!, integrationEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Handler {Handler} failed for event {EventType}",
                        handler!.GetType().Name, integrationEvent.GetType().Name);
                }
            }
        }
    }

    private sealed record Delivery(Type HandlerType, Func<object, IIntegrationEvent, CancellationToken, Task> Handle)
    {
        public static Delivery For(Type eventType)
        {
            var deliver = typeof(Delivery).GetMethod(nameof(Deliver), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(eventType);
            return new Delivery(
                typeof(IIntegrationEventHandler<>).MakeGenericType(eventType),
                deliver.CreateDelegate<Func<object, IIntegrationEvent, CancellationToken, Task>>());
        }

        private static Task Deliver<TEvent>(object handler, IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
            where TEvent : IIntegrationEvent =>
            ((IIntegrationEventHandler<TEvent>)handler).HandleAsync((TEvent)integrationEvent, cancellationToken);
    }
}
