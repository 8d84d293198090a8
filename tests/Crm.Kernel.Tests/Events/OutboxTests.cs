using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Kernel.Tests.Events;

/// <summary>Events go through the outbox: written with the change, delivered after the commit, at least once, never twice at once.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task An_event_is_written_in_the_save_that_raised_it_and_delivered_after_it()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using (var context = await database.NewContextAsync("writer"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "hello" });
            context.RaiseAfterCommit(new NoteAdded("hello"));
            await context.SaveChangesAsync();
        }

        // Without a dispatcher (the command line) the message waits in the outbox, with the note it belongs to.
        var message = Assert.Single(await database.OutboxAsync());
        Assert.Equal(typeof(NoteAdded).FullName, message.EventType);
        Assert.Equal(typeof(RecordingHandler).FullName, message.Handler);
        Assert.Equal("writer", message.RaisedBy);
        Assert.Null(message.LeaseToken);
        Assert.Empty(database.Notes.All);

        // A process with a dispatcher (the web host) sweeps it up and delivers it under the name of whoever raised it.
        await using var host = await database.SecondProcessAsync();
        await host.Rounds.DeliveredAsync(1);
        Assert.Equal(["hello"], database.Notes.Texts);
        Assert.Equal("writer", database.Notes.All.Single().Actor);
        Assert.Empty(await database.OutboxAsync());
    }

    [Fact]
    public async Task A_process_with_a_dispatcher_delivers_its_own_events_once_their_transaction_commits()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = await database.NewContextAsync("writer");
        await using var transaction = await context.Database.BeginTransactionAsync();
        context.Set<TestNote>().Add(new TestNote { Text = "in tx" });
        context.RaiseAfterCommit(new NoteAdded("in tx"));
        await context.SaveChangesAsync();
        // Raised after the last save: written as the transaction commits (the group-commit path of the order writer).
        context.RaiseAfterCommit(new NoteAdded("at commit"));
        Assert.Empty(database.Notes.All);

        await transaction.CommitAsync();

        await database.Rounds.DeliveredAsync(2);
        Assert.Equal(["in tx", "at commit"], database.Notes.Texts);
        Assert.Empty(await database.OutboxAsync());
    }

    [Fact]
    public async Task A_rolled_back_transaction_writes_and_delivers_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("writer"))
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Set<TestNote>().Add(new TestNote { Text = "undone" });
            context.RaiseAfterCommit(new NoteAdded("undone"));
            await context.SaveChangesAsync();
            context.RaiseAfterCommit(new NoteAdded("undone at commit"));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await database.Dispatcher.SweepAsync(CancellationToken.None));
        Assert.Empty(database.Notes.All);
        Assert.Empty(await database.OutboxAsync());
        await using var reader = await database.NewContextAsync("reader");
        Assert.Equal(0, await reader.Set<TestNote>().CountAsync());
    }

    [Fact]
    public async Task A_failed_save_writes_nothing_and_its_events_do_not_leak_into_the_next_save()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using (var first = await database.NewContextAsync("writer"))
        {
            first.Set<TestNote>().Add(new TestNote { Text = "unique" });
            await first.SaveChangesAsync();
        }

        await using var context = await database.NewContextAsync("writer");
        context.Set<TestNote>().Add(new TestNote { Text = "unique" });
        context.RaiseAfterCommit(new NoteAdded("duplicate"));
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        Assert.Empty(await database.OutboxAsync());

        context.ChangeTracker.Clear();
        context.Set<TestNote>().Add(new TestNote { Text = "other" });
        context.RaiseAfterCommit(new NoteAdded("other"));
        await context.SaveChangesAsync();
        var payload = Assert.Single(await database.OutboxAsync()).Payload;
        Assert.Contains("other", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_handler_keeps_the_change_does_not_stop_the_other_handler_and_is_retried_with_back_off_until_dead()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(withFailingHandler: true, clock: clock);
        await using (var context = await database.NewContextAsync("writer"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "poison pill" });
            context.RaiseAfterCommit(new NoteAdded("poison pill"));
            context.RaiseAfterCommit(new NoteAdded("fine"));
            await context.SaveChangesAsync();
        }

        // The recording handler takes both; the failing one takes "fine" (retried alone) but not the poison.
        await database.Rounds.FailedAsync(1);
        await database.Rounds.DeliveredAsync(3);
        Assert.Equal(["poison pill", "fine"], database.Notes.Texts);
        var failed = Assert.Single(await database.OutboxAsync());
        Assert.Equal(typeof(FailingHandler).FullName, failed.Handler);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("handler failed on purpose", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(1), failed.AvailableAtUtc);
        Assert.Null(failed.LeaseToken);

        // Not before its time; then again after 1 s and 2 s, and it is dead after the configured 3 attempts.
        Assert.Equal(0, await database.Dispatcher.SweepAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await database.Dispatcher.SweepAsync(CancellationToken.None));
        Assert.Equal(2, Assert.Single(await database.OutboxAsync()).Attempts);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await database.Dispatcher.SweepAsync(CancellationToken.None));
        var dead = Assert.Single(await database.OutboxAsync());
        Assert.Equal(3, dead.Attempts);
        Assert.NotNull(dead.DeadAtUtc);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await database.Dispatcher.SweepAsync(CancellationToken.None));

        // Admins see it and can send it again, or discard it.
        var administration = database.AdminService<OutboxAdministration>();
        Assert.Equal(new OutboxSummary(0, 0, 1), await administration.SummaryAsync());
        var problem = Assert.Single(await administration.ProblemsAsync());
        Assert.Equal(dead.Id, problem.Id);
        await administration.RetryAsync(problem.Id);
        Assert.Equal(1, await database.Dispatcher.SweepAsync(CancellationToken.None));
        Assert.Equal(1, Assert.Single(await database.OutboxAsync()).Attempts);
        await administration.DiscardAsync(problem.Id);
        Assert.Empty(await database.OutboxAsync());

        await using var reader = await database.NewContextAsync("reader");
        Assert.Equal(1, await reader.Set<TestNote>().CountAsync(n => n.Text == "poison pill"));
    }

    [Fact]
    public async Task Messages_leased_to_a_process_that_died_are_delivered_by_another_once_the_lease_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(clock: clock);
        await database.Dispatcher.StopAsync(CancellationToken.None); // the process "dies" before its dispatcher gets to them
        await using (var context = await database.NewContextAsync("writer"))
        {
            context.RaiseAfterCommit(new NoteAdded("orphan"));
            await context.SaveChangesAsync();
        }

        Assert.NotNull(Assert.Single(await database.OutboxAsync()).LeaseToken);
        await using var other = await database.SecondProcessAsync();
        Assert.Equal(0, await other.Dispatcher.SweepAsync(CancellationToken.None));
        clock.Advance(new OutboxOptions().Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await other.Dispatcher.SweepAsync(CancellationToken.None));
        Assert.Equal(["orphan"], database.Notes.Texts);
        Assert.Empty(await database.OutboxAsync());
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_each_event_to_each_handler_exactly_once()
    {
        const int Events = 1_200;
        await using var writer = await TestDatabase.CreateAsync(withDispatcher: false);
        await using (var context = await writer.NewContextAsync("writer"))
        {
            for (var i = 0; i < Events; i++)
            {
                context.RaiseAfterCommit(new NoteAdded($"note {i}"));
            }

            await context.SaveChangesAsync();
        }

        // Two processes sweep the same backlog at the same time, in batches, each from its own connection. Wait until
        // their rounds have recorded every delivery (a handler sees an event before its round deletes the message).
        var rounds = new OutboxRounds();
        await using var first = await writer.SecondProcessAsync(rounds: rounds);
        await using var second = await writer.SecondProcessAsync(rounds: rounds);
        await rounds.DeliveredAsync(Events);
        Assert.Equal(0, await first.Dispatcher.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await second.Dispatcher.SweepAsync(CancellationToken.None));

        var deliveries = writer.Notes.All;
        Assert.Equal(Events, deliveries.Count);
        Assert.Equal(Events, deliveries.Select(d => d.EventId).Distinct().Count());
        Assert.Empty(await writer.OutboxAsync());
    }

    [Fact]
    public async Task A_handler_that_writes_to_the_ccr_takes_each_event_once_however_often_it_comes()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        var events = Enumerable.Range(0, 3)
            .Select(i => new EventEnvelope<NoteAdded>(Guid.CreateVersion7(), DateTime.UtcNow, new NoteAdded($"n{i}")))
            .ToList();

        await using (var context = await database.NewContextAsync("handler"))
        {
            var fresh = await context.FirstDeliveriesAsync<RecordingHandler, NoteAdded>(events[..2], DateTime.UtcNow, CancellationToken.None);
            Assert.Equal(2, fresh.Count);
            await context.SaveChangesAsync();
        }

        await using var again = await database.NewContextAsync("handler");
        var second = await again.FirstDeliveriesAsync<RecordingHandler, NoteAdded>(events, DateTime.UtcNow, CancellationToken.None);
        Assert.Equal([events[2].EventId], second.Select(e => e.EventId));
        // Another handler keeps its own record of the same events.
        var other = await again.FirstDeliveriesAsync<FailingHandler, NoteAdded>(events, DateTime.UtcNow, CancellationToken.None);
        Assert.Equal(3, other.Count);
    }
}
