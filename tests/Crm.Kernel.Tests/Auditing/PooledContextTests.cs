using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Auditing;

public sealed class PooledContextTests
{
    [Fact]
    public async Task A_context_back_from_the_pool_saves_under_the_next_users_name_without_the_earlier_users_events()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        var first = await database.NewContextAsync("first-user");
        first.RaiseAfterCommit(new NoteAdded("raised but never saved"));
        await first.DisposeAsync();

        await using var second = await database.NewContextAsync("second-user");
        Assert.Same(first, second); // the pool handed the same instance out again
        second.Set<TestNote>().Add(new TestNote { Text = "saved by the second user" });
        second.RaiseAfterCommit(new NoteAdded("saved"));
        await second.SaveChangesAsync();

        var payload = Assert.Single(await database.OutboxAsync()).Payload;
        Assert.Contains("\"saved\"", payload, StringComparison.Ordinal);
        await using var reader = await database.NewContextAsync("reader");
        var note = await reader.Set<TestNote>().AsNoTracking().SingleAsync();
        Assert.Equal("second-user", note.CreatedBy);
    }
}
