using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Data;

public sealed class ConcurrentSavesTests
{
    [Fact]
    public async Task A_stale_save_is_a_conflict_with_the_callers_sentence()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using (var context = await database.NewContextAsync("creator"))
        {
            context.Set<TestNote>().Add(new TestNote { Text = "shared" });
            await context.SaveChangesAsync();
        }

        await using var alice = await database.NewContextAsync("alice");
        await using var bob = await database.NewContextAsync("bob");
        (await alice.Set<TestNote>().SingleAsync()).Text = "alice was here";
        (await bob.Set<TestNote>().SingleAsync()).Text = "bob was here";
        await alice.SaveOrConflictAsync("changed meanwhile", CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => bob.SaveOrConflictAsync("changed meanwhile", CancellationToken.None));
        Assert.Equal("changed meanwhile", conflict.Message);
    }

    // Both users passed the name check before either saved: only the unique index sees the clash.
    [Fact]
    public async Task Two_records_with_the_same_unique_name_saved_at_once_make_the_second_save_a_conflict_not_a_database_error()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using var alice = await database.NewContextAsync("alice");
        await using var bob = await database.NewContextAsync("bob");
        alice.Set<TestNote>().Add(new TestNote { Text = "Returns" });
        bob.Set<TestNote>().Add(new TestNote { Text = "Returns" });
        await alice.SaveOrConflictAsync("changed meanwhile", "a note named Returns was saved meanwhile", CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ConflictException>(
            () => bob.SaveOrConflictAsync("changed meanwhile", "a note named Returns was saved meanwhile", CancellationToken.None));
        Assert.Equal("a note named Returns was saved meanwhile", conflict.Message);
    }

    [Fact]
    public async Task Without_a_sentence_of_its_own_a_duplicate_gets_the_kernels_sentence_about_the_same_name()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using var alice = await database.NewContextAsync("alice");
        await using var bob = await database.NewContextAsync("bob");
        alice.Set<TestNote>().Add(new TestNote { Text = "Returns" });
        bob.Set<TestNote>().Add(new TestNote { Text = "Returns" });
        await alice.SaveOrConflictAsync("changed meanwhile", CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => bob.SaveOrConflictAsync("changed meanwhile", CancellationToken.None));
        Assert.Equal(ConcurrentSaves.SameRecordSavedMeanwhile, conflict.Message);
    }

    // A NOT NULL failure shares SQLite's constraint code with a unique one, but it is a bug, not someone else's row.
    [Fact]
    public async Task A_constraint_failure_other_than_a_unique_index_is_no_conflict()
    {
        await using var database = await TestDatabase.CreateAsync(withDispatcher: false);
        await using var context = await database.NewContextAsync("alice");
        context.Set<TestNote>().Add(new TestNote { Text = null! });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveOrConflictAsync("changed meanwhile", CancellationToken.None));
        Assert.False(DatabaseDialect.Sqlite.IsUniqueViolation(error));
    }
}
