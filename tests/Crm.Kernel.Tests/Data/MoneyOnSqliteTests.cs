using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Data;

/// <summary>Money is exact on SQLite and aggregates, sorts and filters in SQL (the fixed-point convention).</summary>
public sealed class MoneyOnSqliteTests
{
    [Fact]
    public async Task Decimals_round_trip_exactly_and_sum_sort_and_filter_in_the_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var context = await database.NewContextAsync("writer"))
        {
            context.Set<TestNote>().AddRange(
                new TestNote { Text = "a", Amount = 1.2345m, Discount = 0.1m },
                new TestNote { Text = "b", Amount = 12_345_678_901.5m },
                new TestNote { Text = "c", Amount = -3.25m, Discount = null });
            await context.SaveChangesAsync();
        }

        await using var reader = await database.NewContextAsync("reader");
        var notes = reader.Set<TestNote>();
        Assert.Equal(12_345_678_899.4845m, await notes.SumAsync(n => n.Amount));
        Assert.Equal(0.1m, await notes.SumAsync(n => n.Discount));
        Assert.Equal(["b", "a", "c"], await notes.OrderByDescending(n => n.Amount).Select(n => n.Text).ToListAsync());
        var threshold = 1.2m;
        Assert.Equal(["a", "b"], await notes.Where(n => n.Amount > threshold).OrderBy(n => n.Text).Select(n => n.Text).ToListAsync());
        Assert.Equal(1.2345m, (await notes.SingleAsync(n => n.Text == "a")).Amount);
        var bySign = await notes.GroupBy(n => n.Amount > 0).Select(g => new { Positive = g.Key, Total = g.Sum(n => n.Amount) })
            .OrderBy(g => g.Total).ToListAsync();
        Assert.Equal([-3.25m, 12_345_678_902.7345m], bySign.Select(g => g.Total));
    }
}
