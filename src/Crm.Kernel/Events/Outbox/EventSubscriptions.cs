using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Kernel.Events.Outbox;

/// <summary>That <see cref="HandlerType"/> handles <see cref="EventType"/> (registered by <c>AddIntegrationEventHandler</c>).</summary>
public sealed record EventSubscription(Type EventType, Type HandlerType)
{
    /// <summary>The name the outbox stores for the handler: its type's full name.</summary>
    public string Key => HandlerType.FullName!;
}

/// <summary>
/// Who handles which event, built once from the modules' registrations: the outbox writer fans an event out to one message
/// per handler, and the dispatcher turns a handler's messages back into typed events and calls it.
/// </summary>
public sealed class EventSubscriptions
{
    /// <summary>How events are stored in the outbox: enums by name, so a stored event survives reordering an enum.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly FrozenDictionary<Type, Subscriber[]> byEvent;
    private readonly FrozenDictionary<string, Subscriber> byKey;

    public EventSubscriptions(IEnumerable<EventSubscription> subscriptions)
    {
        var subscribers = subscriptions.DistinctBy(s => (s.EventType, s.HandlerType)).Select(Subscriber.For).ToList();
        byEvent = subscribers.GroupBy(s => s.Subscription.EventType).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        byKey = subscribers.ToFrozenDictionary(s => s.Subscription.Key, StringComparer.Ordinal);
    }

    /// <summary>The handlers of an event's type (none: the event is not written at all).</summary>
    public IReadOnlyList<Subscriber> Of(Type eventType) => byEvent.TryGetValue(eventType, out var found) ? found : [];

    public Subscriber? Find(string handlerKey) => byKey.GetValueOrDefault(handlerKey);

    /// <summary>One handler of one event type, with the typed call that delivers stored messages to it.</summary>
    public sealed class Subscriber
    {
        private Subscriber(EventSubscription subscription, Func<IServiceProvider, IReadOnlyList<OutboxMessage>, CancellationToken, Task> deliver)
        {
            Subscription = subscription;
            Deliver = deliver;
        }

        public EventSubscription Subscription { get; }

        public string EventTypeName => Subscription.EventType.FullName!;

        /// <summary>Resolves the handler in <c>services</c> and hands it the messages' events, in order.</summary>
        public Func<IServiceProvider, IReadOnlyList<OutboxMessage>, CancellationToken, Task> Deliver { get; }

        internal static Subscriber For(EventSubscription subscription)
        {
            var method = typeof(Subscriber).GetMethod(nameof(DeliverAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(subscription.EventType, subscription.HandlerType);
            return new Subscriber(subscription, method.CreateDelegate<Func<IServiceProvider, IReadOnlyList<OutboxMessage>, CancellationToken, Task>>());
        }

        private static Task DeliverAsync<TEvent, THandler>(IServiceProvider services, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
            where TEvent : IIntegrationEvent
            where THandler : IIntegrationEventHandler<TEvent>
        {
            var events = messages.Select(m => new EventEnvelope<TEvent>(
                m.EventId, m.OccurredAtUtc, JsonSerializer.Deserialize<TEvent>(m.Payload, Json)
                    ?? throw new JsonException($"The stored {typeof(TEvent).Name} {m.EventId} is empty."))).ToList();
            return services.GetRequiredService<THandler>().HandleAsync(events, cancellationToken);
        }
    }
}

public static class IntegrationEventServiceCollectionExtensions
{
    /// <summary>
    /// <typeparamref name="THandler"/> handles <typeparamref name="TEvent"/>: every such event raised from now on is
    /// delivered to it through the outbox. The handler's type name is its key in stored messages: renaming it leaves the
    /// messages of an undelivered backlog without a handler (they are then kept as dead, for an Admin to see).
    /// </summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new EventSubscription(typeof(TEvent), typeof(THandler)));
        return services;
    }
}
