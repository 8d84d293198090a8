using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Kernel.Tests.Auditing;

public sealed class AuditingAndConcurrencyTests
{
    [Fact]
    public async Task A_new_record_is_stamped_with_its_creator_the_time_in_UTC_and_a_version()
    {
        await using var database = await TestDatabase.CreateAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);
        await using (var context = await database.NewContextAsync("user-1"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "first" });
            await context.SaveChangesAsync();
        }

        await using var reader = await database.NewContextAsync("reader");
        var note = await reader.Set<TestNote>().SingleAsync();
        Assert.Equal("user-1", note.CreatedBy);
        Assert.Equal("user-1", note.ModifiedBy);
        Assert.Equal(DateTimeKind.Utc, note.CreatedAtUtc.Kind);
        Assert.InRange(note.CreatedAtUtc, before, DateTime.UtcNow.AddSeconds(1));
        Assert.NotEqual(Guid.Empty, note.Version);
    }

    [Fact]
    public async Task An_edit_keeps_the_creator_records_the_editor_and_changes_the_version()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("creator"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "draft" });
            await context.SaveChangesAsync();
        }

        Guid firstVersion;
        await using (var context = await database.NewContextAsync("editor"))
        {
            var note = await context.Set<TestNote>().SingleAsync();
            firstVersion = note.Version;
            note.Text = "final";
            note.CreatedBy = "someone else"; // must not stick
            await context.SaveChangesAsync();
        }

        await using var reader = await database.NewContextAsync("reader");
        var saved = await reader.Set<TestNote>().SingleAsync();
        Assert.Equal("creator", saved.CreatedBy);
        Assert.Equal("editor", saved.ModifiedBy);
        Assert.NotEqual(firstVersion, saved.Version);
        Assert.True(saved.ModifiedAtUtc >= saved.CreatedAtUtc);
    }

    [Fact]
    public async Task When_two_users_edit_the_same_record_the_second_save_is_a_conflict_and_the_first_edit_survives()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("creator"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "shared" });
            await context.SaveChangesAsync();
        }

        await using var alice = await database.NewContextAsync("alice");
        await using var bob = await database.NewContextAsync("bob");
        var aliceCopy = await alice.Set<TestNote>().SingleAsync();
        var bobCopy = await bob.Set<TestNote>().SingleAsync();

        aliceCopy.Text = "alice was here";
        await alice.SaveChangesAsync();
        bobCopy.Text = "bob was here";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bob.SaveChangesAsync());

        await using var reader = await database.NewContextAsync("reader");
        var saved = await reader.Set<TestNote>().SingleAsync();
        Assert.Equal("alice was here", saved.Text);
        Assert.Equal("alice", saved.ModifiedBy);
    }

    [Fact]
    public async Task A_save_based_on_a_stale_version_sent_by_a_client_is_a_conflict()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("creator"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "api" });
            await context.SaveChangesAsync();
        }

        await using var client = await database.NewContextAsync("integration");
        var note = await client.Set<TestNote>().SingleAsync();
        client.Entry(note).Property(n => n.Version).OriginalValue = Guid.NewGuid(); // what an old If-Match would carry
        note.Text = "overwrite";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => client.SaveChangesAsync());
    }

    [Fact]
    public async Task Timestamps_sort_in_SQL_on_SQLite()
    {
        // Times a tick apart, and across a day and a year boundary: text order must be time order.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_998));
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false, clock: clock);
        foreach (var text in new[] { "a", "b", "c" })
        {
            await using var context = await database.NewContextAsync("writer");
            context.Set<TestNote>().Add(new TestNote { Text = text });
            await context.SaveChangesAsync();
            clock.Advance(TimeSpan.FromTicks(1));
        }

        await using var reader = await database.NewContextAsync("reader");
        var newestFirst = await reader.Set<TestNote>().OrderByDescending(n => n.CreatedAtUtc).Select(n => n.Text).ToListAsync();
        Assert.Equal(["c", "b", "a"], newestFirst);
        var since = new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999);
        Assert.Equal(["b", "c"], await reader.Set<TestNote>().Where(n => n.CreatedAtUtc >= since).OrderBy(n => n.CreatedAtUtc).Select(n => n.Text).ToListAsync());
    }
}
