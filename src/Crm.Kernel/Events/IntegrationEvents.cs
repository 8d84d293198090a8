namespace Crm.Kernel.Events;

/// <summary>
/// A fact one module tells the others, for example "an order was placed". Raised with
/// <see cref="Data.CrmDbContext.RaiseAfterCommit"/> and delivered in process only after the transaction that
/// produced it has committed, so a handler never sees a change that was rolled back.
/// </summary>
public interface IIntegrationEvent;

/// <summary>Reacts to one kind of event. Registered by a module in its <c>AddXxxModule</c>.</summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>Delivers events to every registered handler.</summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);
}
