namespace Crm.Kernel.Events;

/// <summary>
/// A fact one module tells the others, for example "an order was placed". Raised with
/// <see cref="Data.CrmDbContext.RaiseAfterCommit"/>: it is written to the outbox in the same transaction as the change
/// and delivered to each handler after the commit, at least once (ADR 0010).
/// </summary>
public interface IIntegrationEvent;

/// <summary>An event as delivered: its id (the same on every delivery, for idempotent handling) and when it was raised.</summary>
public sealed record EventEnvelope<TEvent>(Guid EventId, DateTime OccurredAtUtc, TEvent Event)
    where TEvent : IIntegrationEvent;

/// <summary>
/// Reacts to one kind of event. Registered by a module with <c>AddIntegrationEventHandler</c>. Events come in batches,
/// oldest first; a batch that fails is retried (one by one, with back-off), so a handler may see an event again and must
/// handle it once in effect, keyed by <see cref="EventEnvelope{TEvent}.EventId"/> (see <c>CrmDbContext.ClaimEventsAsync</c>).
/// </summary>
public interface IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(IReadOnlyList<EventEnvelope<TEvent>> events, CancellationToken cancellationToken);
}

/// <summary>Publishes events that follow no change of the caller's own context (they are written to the outbox at once).</summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);
}
