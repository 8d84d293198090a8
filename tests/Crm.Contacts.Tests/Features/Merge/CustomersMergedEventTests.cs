using System.Collections.Concurrent;
using System.Net;
using Crm.Contacts.Contracts;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Merge.MergeApi;

namespace Crm.Contacts.Tests.Features.Merge;

/// <summary>A host with a handler of <see cref="CustomersMerged"/>, as another module (orders, cases) would register one.</summary>
public sealed class CustomersMergedEventTests : IAsyncLifetime
{
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), configureServices: services =>
    {
        services.AddSingleton<ReceivedMerges>();
        services.AddIntegrationEventHandler<CustomersMerged, RecordingHandler>();
    });

    public Task InitializeAsync()
    {
        host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_merge_tells_other_modules_which_customer_id_replaces_which_after_it_commits()
    {
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, Person("EventSurvivor", "event@example.com"));
        var merged = await CreateAsync(manager, Person("EventMerged", "event@example.com"));
        var received = host.Services.GetRequiredService<ReceivedMerges>();

        using var response = await MergeAsync(manager, survivor, merged);
        await host.OutboxSettledAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(received.Events);
        Assert.Equal(new CustomersMerged(survivor.Id, merged.Id), message.Event);
        Assert.False(message.MergedStillExisted, "The handler ran before the merge was committed.");
    }

    [Fact]
    public async Task A_refused_or_conflicting_merge_tells_nobody()
    {
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        using var rep = await host.SignedInClientAsync("rep@ecrm.local");
        var survivor = await CreateAsync(manager, Person("QuietSurvivor", "quiet@example.com"));
        var merged = await CreateAsync(manager, Person("QuietMerged", "quiet@example.com"));
        var received = host.Services.GetRequiredService<ReceivedMerges>();

        using var forbidden = await MergeAsync(rep, survivor, merged);
        using var stale = await MergeAsync(manager, survivor, merged with { Version = Guid.NewGuid() });
        await host.OutboxSettledAsync();

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.DoesNotContain(received.Events, e => e.Event.MergedId == merged.Id || e.Event.SurvivorId == survivor.Id);
    }

    internal sealed record Received(CustomersMerged Event, bool MergedStillExisted);

    internal sealed class ReceivedMerges
    {
        public ConcurrentQueue<Received> Events { get; } = new();
    }

    /// <summary>Records each event and whether the merged customer could still be read at that moment (it must not).</summary>
    internal sealed class RecordingHandler(ReceivedMerges received, Microsoft.EntityFrameworkCore.IDbContextFactory<Crm.Kernel.Data.CrmDbContext> contexts)
        : IIntegrationEventHandler<CustomersMerged>
    {
        public async Task HandleAsync(IReadOnlyList<EventEnvelope<CustomersMerged>> events, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var integrationEvent in events.Select(e => e.Event))
            {
                var stillThere = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
                    db.Set<Crm.Contacts.Domain.Customer>(), c => c.Id == integrationEvent.MergedId, cancellationToken);
                received.Events.Enqueue(new Received(integrationEvent, stillThere));
            }
        }
    }
}
