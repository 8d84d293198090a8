using System.Net;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Sla;

/// <summary>
/// A real host whose clock the test drives (<see cref="FakeTimeProvider"/>), starting Friday 2026-03-06 16:30 Berlin, with a
/// Mon-Fri 09:00-17:00 Europe/Berlin calendar stored through the API, and a recorder of the SLA events the outbox delivers.
/// </summary>
internal sealed class SlaHost : IAsyncDisposable
{
    public static readonly DateTime FridayAfternoon = new(2026, 3, 6, 15, 30, 0, DateTimeKind.Utc); // 16:30 CET

    private SlaHost()
    {
        Host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), configureServices: services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Events);
            services.AddIntegrationEventHandler<SlaWarning, SlaWarningRecorder>();
            services.AddIntegrationEventHandler<SlaBreached, SlaBreachRecorder>();
            // Customers' spend tiers as Analytics would report them (its stored figures need months of orders and a recompute).
            services.AddScoped<ICustomerTiers>(_ => new KnownTiers(Tiers));
        });
    }

    public FakeTimeProvider Clock { get; } = new(FridayAfternoon);

    public RecordedSlaEvents Events { get; } = new();

    /// <summary>The spend tier of customers as the host's <see cref="ICustomerTiers"/> reports them (others: None).</summary>
    public ConcurrentDictionary<long, CustomerTier> Tiers { get; } = new();

    public CrmWebHost Host { get; }

    public long BerlinCalendarId { get; private set; }

    public Guid BerlinCalendarVersion { get; private set; }

    public static async Task<SlaHost> StartAsync()
    {
        var host = new SlaHost();
        host.Host.StartServer();
        using var manager = await host.ClientAsync(Manager);
        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/sla/calendars", UriKind.Relative), BerlinOffice(), Json);
        var calendar = await ReadAsync<BusinessCalendarDto>(created);
        host.BerlinCalendarId = calendar.Id;
        host.BerlinCalendarVersion = calendar.Version;
        return host;
    }

    public static BusinessCalendarInput BerlinOffice(params HolidayDto[] holidays) => new()
    {
        Name = "Berlin office",
        TimeZoneId = "Europe/Berlin",
        Periods = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingPeriodDto(d, "09:00", "17:00"))],
        Holidays = holidays,
    };

    /// <summary>A fresh signed-in client (cookies last 10 hours of the host's clock, which the tests move by days).</summary>
    public Task<HttpClient> ClientAsync(string email) => Host.SignedInClientAsync(email);

    public async Task<SlaPolicyDto> PolicyAsync(SlaPolicyInput input)
    {
        using var manager = await ClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/sla/policies", UriKind.Relative), input, Json);
        return await ReadAsync<SlaPolicyDto>(response);
    }

    /// <summary>A Manager replaces the policy's criteria and targets under the version read (If-Match); the change must be taken.</summary>
    public async Task ChangePolicyAsync(SlaPolicyDto policy, SlaPolicyInput input)
    {
        using var manager = await ClientAsync(Manager);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/sla/policies/{policy.Id}", UriKind.Relative))
        {
            Content = JsonContent.Create(input, options: Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{policy.Version:N}\"");
        using var changed = await manager.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    public async Task<long> CustomerAsync(string lastName)
    {
        using var manager = await ClientAsync(Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Sla", LastName = lastName, Emails = [$"{lastName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"] }, Json);
        return (await ReadAsync<CustomerDetails>(response)).Id;
    }

    public async Task<CaseDetails> OpenAsync(long customerId, string category, CasePriority priority = CasePriority.Normal)
    {
        using var agent = await ClientAsync(Agent);
        using var response = await CasesFixtureOpenAsync(agent, new CaseInput
        {
            CustomerId = customerId, Subject = $"{category} question", Description = "Please help.", Channel = Channel.Email,
            Category = category, Priority = priority,
        });
        return await ReadAsync<CaseDetails>(response);
    }

    public async Task<CaseDetails> CaseAsync(long id)
    {
        using var agent = await ClientAsync(Agent);
        return (await agent.GetFromJsonAsync<CaseDetails>(new Uri($"/api/v1/cases/{id}", UriKind.Relative), Json))!;
    }

    public async Task<CaseDetails> StatusAsync(long id, CaseStatus status)
    {
        using var agent = await ClientAsync(Agent);
        using var response = await PostAsync(agent, $"/api/v1/cases/{id}/status", new CaseStatusInput(status));
        return await ReadAsync<CaseDetails>(response);
    }

    /// <summary>Moves the host's clock to <paramref name="utc"/> and runs one SLA sweep, as the hosted service does every minute.</summary>
    public async Task<int> SweepAtAsync(DateTime utc)
    {
        if (utc > Clock.GetUtcNow().UtcDateTime)
        {
            Clock.SetUtcNow(utc);
        }

        return await Host.Services.GetRequiredService<Crm.Service.Features.Sla.SlaSweeper>().SweepAsync();
    }

    /// <summary>
    /// Waits until the hosted sweep has recomputed the case (its next check no longer due): a policy, calendar or queue
    /// change wakes it, so no test sweep and no clock move is needed.
    /// </summary>
    public async Task SweptByTheHostAsync(long caseId)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await StoredAsync(caseId, c => c.SlaNextCheckAtUtc) is { } next && next <= now)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public Task<T> StoredAsync<T>(long caseId, Func<Crm.Service.Domain.Cases.ServiceCase, T> read) =>
        Host.QueryAsync(async db => read(await db.Set<Crm.Service.Domain.Cases.ServiceCase>().AsNoTracking().SingleAsync(c => c.Id == caseId)));

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static Task<HttpResponseMessage> CasesFixtureOpenAsync(HttpClient client, CaseInput input) => Cases.CasesFixture.OpenAsync(client, input);
}

/// <summary>The Analytics contract answered from the tiers a test set (the Service module sees only the contract).</summary>
internal sealed class KnownTiers(ConcurrentDictionary<long, CustomerTier> tiers) : ICustomerTiers
{
    public Task<CustomerTier> SpendTierAsync(long customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(tiers.GetValueOrDefault(customerId));

    public Task<IReadOnlyDictionary<long, CustomerTier>> SpendTiersAsync(IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<long, CustomerTier>>(customerIds.Distinct().ToDictionary(id => id, id => tiers.GetValueOrDefault(id)));
}

/// <summary>
/// The SLA events delivered to a subscriber, as another module would receive them: once per event id (the outbox delivers
/// at least once; a handler keys on the id).
/// </summary>
internal sealed class RecordedSlaEvents
{
    private readonly ConcurrentDictionary<Guid, IIntegrationEvent> byId = new();
    private readonly ConcurrentQueue<IIntegrationEvent> received = new();

    public IEnumerable<IIntegrationEvent> Received => received;

    public void Add(Guid eventId, IIntegrationEvent integrationEvent)
    {
        if (byId.TryAdd(eventId, integrationEvent))
        {
            received.Enqueue(integrationEvent);
        }
    }
}

internal sealed class SlaWarningRecorder(RecordedSlaEvents recorded) : IIntegrationEventHandler<SlaWarning>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<SlaWarning>> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            recorded.Add(e.EventId, e.Event);
        }

        return Task.CompletedTask;
    }
}

internal sealed class SlaBreachRecorder(RecordedSlaEvents recorded) : IIntegrationEventHandler<SlaBreached>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<SlaBreached>> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            recorded.Add(e.EventId, e.Event);
        }

        return Task.CompletedTask;
    }
}
