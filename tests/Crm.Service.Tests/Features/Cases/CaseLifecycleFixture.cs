using System.Collections.Concurrent;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>
/// A real host (Kestrel over a fresh SQLite file, demo users) whose clock the tests drive, with a reopen window of
/// <see cref="ReopenDays"/> days set through <c>Service:ReopenDays</c>. Tests only move the clock forward.
/// </summary>
public sealed class CaseLifecycleFixture : IAsyncLifetime
{
    public const int ReopenDays = 3;

    public CaseLifecycleFixture() =>
        Host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
            new Dictionary<string, string?> { ["Service:ReopenDays"] = ReopenDays.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            configureServices: services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton(Messages);
                services.AddIntegrationEventHandler<CustomerMessageReceived, CustomerMessageRecorder>();
            });

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public CrmWebHost Host { get; }

    /// <summary>The <see cref="CustomerMessageReceived"/> events the outbox delivered, once per event id, as a subscriber sees them.</summary>
    public ConcurrentDictionary<Guid, CustomerMessageReceived> Messages { get; } = new();

    public Task InitializeAsync()
    {
        Host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    /// <summary>A fresh signed-in client (sign-in cookies live 10 hours of the host's clock, which the tests move by days).</summary>
    public Task<HttpClient> ClientAsync(string email) => Host.SignedInClientAsync(email);

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Moves the host's clock on; the tests of this class share it, so each one only looks at its own cases.</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);
}

internal sealed class CustomerMessageRecorder(ConcurrentDictionary<Guid, CustomerMessageReceived> received) : IIntegrationEventHandler<CustomerMessageReceived>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<CustomerMessageReceived>> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            received.TryAdd(e.EventId, e.Event);
        }

        return Task.CompletedTask;
    }
}
