using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Data;

/// <summary>Deferred index building: a bulk loader drops a table's secondary indexes and gets exactly them back.</summary>
public sealed class SqliteIndexesTests
{
    [Fact]
    public async Task Dropping_secondary_indexes_keeps_the_unique_ones_and_restoring_builds_the_same_indexes_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = await database.NewContextAsync("loader");
        var before = await IndexesAsync(context);
        Assert.Contains("IX_Test_Notes_Amount", before.Keys);
        Assert.Contains("IX_Test_Notes_Text", before.Keys);

        var dropped = await SqliteIndexes.DropSecondaryAsync(context, [typeof(TestNote)], default);

        Assert.Equal(["IX_Test_Notes_Amount"], dropped);
        var during = await IndexesAsync(context);
        Assert.DoesNotContain("IX_Test_Notes_Amount", during.Keys);
        Assert.Equal(before["IX_Test_Notes_Text"], during["IX_Test_Notes_Text"]);

        context.Set<TestNote>().AddRange(new TestNote { Text = "a", Amount = 2m }, new TestNote { Text = "b", Amount = 1m });
        await context.SaveChangesAsync();
        var rebuilt = await SqliteIndexes.RestoreAsync(context, default);

        Assert.Equal(["IX_Test_Notes_Amount"], rebuilt);
        Assert.Equal(before, await IndexesAsync(context));
        Assert.Empty(await SqliteIndexes.RestoreAsync(context, default));
        Assert.Contains("IX_Test_Notes_Amount", await PlanAsync(context, "SELECT Id FROM Test_Notes WHERE Amount > 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_model_types_can_be_named()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = await database.NewContextAsync("loader");

        await Assert.ThrowsAsync<ArgumentException>(() => SqliteIndexes.DropSecondaryAsync(context, [typeof(string)], default));
    }

    private static async Task<Dictionary<string, string>> IndexesAsync(CrmDbContext context) =>
        (await context.Database
            .SqlQueryRaw<IndexRow>("SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Test_Notes' AND sql IS NOT NULL")
            .ToListAsync())
        .ToDictionary(row => row.Name, row => row.Sql, StringComparer.Ordinal);

    private static async Task<string> PlanAsync(CrmDbContext context, string query)
    {
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + query;
        await using var reader = await command.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        return string.Join(" | ", steps);
    }

    private sealed record IndexRow(string Name, string Sql);
}
