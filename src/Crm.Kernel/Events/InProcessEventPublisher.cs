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
    public async Task PublishAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        foreach (var integrationEvent in events)
        {
            var handlerType = typeof(IIntegrationEventHandler<>).MakeGenericType(integrationEvent.GetType());
            foreach (var handler in scope.ServiceProvider.GetServices(handlerType))
            {
                try
                {
                    await ((Task)handlerType.GetMethod("HandleAsync")!
                        .Invoke(handler, [integrationEvent, cancellationToken])!).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Handler {Handler} failed for event {EventType}",
                        handler!.GetType().Name, integrationEvent.GetType().Name);
                }
            }
        }
    }
}
