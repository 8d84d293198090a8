using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Events;

public sealed class AfterCommitEventsTests
{
    [Fact]
    public async Task An_event_is_delivered_after_the_save_that_raised_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = await database.NewContextAsync("writer");
        context.Set<TestNote>().Add(new TestNote { Text = "hello" });
        context.RaiseAfterCommit(new NoteAdded("hello"));
        Assert.Empty(database.Handler.Received);

        await context.SaveChangesAsync();

        Assert.Equal(["hello"], database.Handler.Received);
    }

    [Fact]
    public async Task Inside_a_transaction_events_wait_for_the_commit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = await database.NewContextAsync("writer");
        await using var transaction = await context.Database.BeginTransactionAsync();
        context.Set<TestNote>().Add(new TestNote { Text = "in tx" });
        context.RaiseAfterCommit(new NoteAdded("in tx"));
        await context.SaveChangesAsync();
        Assert.Empty(database.Handler.Received);

        await transaction.CommitAsync();

        Assert.Equal(["in tx"], database.Handler.Received);
    }

    [Fact]
    public async Task A_rolled_back_transaction_publishes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("writer"))
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Set<TestNote>().Add(new TestNote { Text = "undone" });
            context.RaiseAfterCommit(new NoteAdded("undone"));
            await context.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Empty(database.Handler.Received);
        await using var reader = await database.NewContextAsync("reader");
        Assert.Equal(0, await reader.Set<TestNote>().CountAsync());
    }

    [Fact]
    public async Task A_failed_save_publishes_nothing_and_its_events_do_not_leak_into_the_next_save()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = await database.NewContextAsync("writer"))
        {
            first.Set<TestNote>().Add(new TestNote { Text = "unique" });
            await first.SaveChangesAsync();
        }

        await using var context = await database.NewContextAsync("writer");
        context.Set<TestNote>().Add(new TestNote { Text = "unique" });
        context.RaiseAfterCommit(new NoteAdded("duplicate"));
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        Assert.Empty(database.Handler.Received);

        context.ChangeTracker.Clear();
        context.Set<TestNote>().Add(new TestNote { Text = "other" });
        context.RaiseAfterCommit(new NoteAdded("other"));
        await context.SaveChangesAsync();
        Assert.Equal(["other"], database.Handler.Received);
    }

    [Fact]
    public async Task A_failing_handler_neither_undoes_the_change_nor_stops_the_other_handlers()
    {
        await using var database = await TestDatabase.CreateAsync(withFailingHandler: true);
        await using var context = await database.NewContextAsync("writer");
        context.Set<TestNote>().Add(new TestNote { Text = "kept" });
        context.RaiseAfterCommit(new NoteAdded("kept"));

        await context.SaveChangesAsync();

        Assert.Contains("kept", database.Handler.Received);
        await using var reader = await database.NewContextAsync("reader");
        Assert.Equal(1, await reader.Set<TestNote>().CountAsync(n => n.Text == "kept"));
    }
}
