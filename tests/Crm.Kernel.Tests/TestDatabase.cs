using System.Collections.Concurrent;
using Crm.Kernel.Auditing;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Crm.Kernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Kernel.Tests;

/// <summary>A record of a made-up module, to exercise the kernel's conventions on a real SQLite file.</summary>
internal sealed class TestNote : AuditableEntity
{
    public int Id { get; set; }

    public string Text { get; set; } = "";

    public decimal Amount { get; set; }

    public decimal? Discount { get; set; }
}

internal sealed class TestNoteConfiguration : IEntityTypeConfiguration<TestNote>
{
    public void Configure(EntityTypeBuilder<TestNote> builder)
    {
        builder.ToTable("Test_Notes");
        builder.Property(n => n.Text).HasMaxLength(100);
        builder.HasIndex(n => n.Text).IsUnique();
        builder.HasIndex(n => n.Amount);
    }
}

internal sealed record NoteAdded(string Text) : IIntegrationEvent;

/// <summary>What the test module's handlers received, across the scopes the dispatcher makes for them.</summary>
internal sealed class ReceivedNotes
{
    private readonly ConcurrentQueue<(string Handler, Guid EventId, string Text, string Actor)> received = new();
    private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];

    public IReadOnlyList<string> Texts => [.. received.Where(r => r.Handler == nameof(RecordingHandler)).Select(r => r.Text)];

    public IReadOnlyList<(string Handler, Guid EventId, string Text, string Actor)> All => [.. received];

    public void Add(string handler, Guid eventId, string text, string actor)
    {
        received.Enqueue((handler, eventId, text, actor));
        lock (waiters)
        {
            foreach (var waiter in waiters.Where(w => received.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> deliveries (to any handler) have arrived.</summary>
    public Task CountAsync(int count)
    {
        lock (waiters)
        {
            if (received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, done));
            // A guard against a hang, not a speed limit.
            return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}

internal sealed class RecordingHandler(ReceivedNotes notes, ICurrentUser currentUser) : IIntegrationEventHandler<NoteAdded>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<NoteAdded>> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            notes.Add(nameof(RecordingHandler), e.EventId, e.Event.Text, currentUser.ActorId);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Fails on every note whose text starts with "poison" (and on the whole batch that holds one).</summary>
internal sealed class FailingHandler(ReceivedNotes notes) : IIntegrationEventHandler<NoteAdded>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<NoteAdded>> events, CancellationToken cancellationToken)
    {
        if (events.Any(e => e.Event.Text.StartsWith("poison", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("handler failed on purpose");
        }

        foreach (var e in events)
        {
            notes.Add(nameof(FailingHandler), e.EventId, e.Event.Text, "");
        }

        return Task.CompletedTask;
    }
}

/// <summary>What a dispatcher's rounds delivered and failed, to wait on (the rounds are recorded in the database by then).</summary>
internal sealed class OutboxRounds
{
    private readonly List<(Func<bool> Reached, TaskCompletionSource Done)> waiters = [];
    private int delivered;
    private int failed;

    public void Add(OutboxRound round)
    {
        lock (waiters)
        {
            delivered += round.Delivered.Count;
            failed += round.Failed.Count;
            foreach (var waiter in waiters.Where(w => w.Reached()).ToList())
            {
                waiter.Done.TrySetResult();
                waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes once the dispatcher has delivered <paramref name="count"/> messages in all (and recorded them).</summary>
    public Task DeliveredAsync(int count) => WhenAsync(() => delivered >= count);

    /// <summary>Completes once <paramref name="count"/> deliveries have failed in all (and are recorded for a retry).</summary>
    public Task FailedAsync(int count) => WhenAsync(() => failed >= count);

    private Task WhenAsync(Func<bool> reached)
    {
        lock (waiters)
        {
            if (reached())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((reached, done));
            // A guard against a hang, not a speed limit.
            return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}

/// <summary>
/// A fresh SQLite file with the kernel's tables and the test module's, wired exactly as the host wires them. With a
/// dispatcher (as in the web host) or without (as in the command line), and optionally on a clock the test moves.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly string path;
    private readonly bool ownsFile;

    private TestDatabase(
        string path, bool ownsFile, bool withFailingHandler, bool withDispatcher, FakeTimeProvider? clock, ReceivedNotes? notes, OutboxRounds? rounds = null)
    {
        this.path = path;
        this.ownsFile = ownsFile;
        Notes = notes ?? new ReceivedNotes();
        Rounds = rounds ?? new OutboxRounds();
        Clock = clock;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Crm"] = $"Data Source={path};Pooling=false",
                ["Outbox:MaxAttempts"] = "3",
                // The tests sweep when they choose; a dispatcher still sweeps once as it starts, and on while batches are full.
                ["Outbox:SweepInterval"] = "01:00:00",
            })
            .Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new CrmModule("Test", typeof(TestNote).Assembly, []))
            .AddSingleton(Notes)
            .AddIntegrationEventHandler<NoteAdded, RecordingHandler>();
        if (clock is not null)
        {
            collection.AddSingleton<TimeProvider>(clock);
        }

        if (withFailingHandler)
        {
            collection.AddIntegrationEventHandler<NoteAdded, FailingHandler>();
        }

        if (withDispatcher)
        {
            collection.AddOutboxDispatcher();
        }

        services = collection.AddCrmDatabase().BuildServiceProvider();
        if (withDispatcher)
        {
            Dispatcher.RoundCompleted += Rounds.Add;
        }
    }

    public OutboxRounds Rounds { get; }

    public ReceivedNotes Notes { get; }

    public FakeTimeProvider? Clock { get; }

    public OutboxDispatcher Dispatcher => services.GetRequiredService<OutboxDispatcher>();

    public static async Task<TestDatabase> CreateAsync(bool withFailingHandler = false, bool withDispatcher = true, FakeTimeProvider? clock = null)
    {
        var database = new TestDatabase(NewPath(), ownsFile: true, withFailingHandler, withDispatcher, clock, notes: null);
        await using (var context = await database.NewContextAsync("setup"))
        {
            await context.Database.EnsureCreatedAsync();
        }

        if (withDispatcher)
        {
            await database.Dispatcher.StartAsync(CancellationToken.None);
        }

        return database;
    }

    /// <summary>
    /// Another process on the same file (a second web host, say), sharing the recorded deliveries and, if given, recording
    /// its dispatcher's rounds into <paramref name="rounds"/> (to wait on what several processes delivered together).
    /// </summary>
    public async Task<TestDatabase> SecondProcessAsync(bool withDispatcher = true, OutboxRounds? rounds = null)
    {
        var other = new TestDatabase(path, ownsFile: false, withFailingHandler: false, withDispatcher, Clock, Notes, rounds);
        if (withDispatcher)
        {
            await other.Dispatcher.StartAsync(CancellationToken.None);
        }

        return other;
    }

    /// <summary>A context acting as <paramref name="actor"/>, as one short-lived operation of that user.</summary>
    public async Task<CrmDbContext> NewContextAsync(string actor)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(actor, CrmRoles.Admin);
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
    }

    /// <summary>A service of this "process", resolved as an Admin (the outbox administration, say).</summary>
    public T AdminService<T>()
        where T : notnull
    {
        var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("admin", CrmRoles.Admin);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var context = await NewContextAsync("reader");
        return await context.OutboxMessages.AsNoTracking().OrderBy(m => m.OccurredAtUtc).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (services.GetService<OutboxDispatcher>() is { } dispatcher)
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        await services.DisposeAsync();
        if (ownsFile)
        {
            File.Delete(path);
        }
    }

    private static string NewPath() => Path.Combine(Path.GetTempPath(), "ecrm-tests", $"kernel-{Guid.NewGuid():N}.db");
}
