using Crm.Analytics.Engine.Value;

namespace Crm.Analytics.Tests.Value;

public sealed class TierMigrationTests
{
    private static readonly ValueTier P = ValueTier.Platinum, G = ValueTier.Gold, S = ValueTier.Silver, B = ValueTier.Bronze, None = ValueTier.None;

    private static TierMigrationResult Compare(
        int[] idsBefore, ValueTier[] tiersBefore, double[] valuesBefore,
        int[] idsAfter, ValueTier[] tiersAfter, double[] valuesAfter) =>
        TierMigration.Compare(idsBefore, tiersBefore, valuesBefore, idsAfter, tiersAfter, valuesAfter, CancellationToken.None);

    [Fact]
    public void Moves_between_tiers_are_counted_with_the_customers_value_in_both_periods()
    {
        var result = Compare(
            [10, 20, 30, 40], [P, G, G, B], [1000, 500, 400, 50],
            [40, 30, 20, 50], [B, G, S, S], [60, 450, 200, 300]);

        Assert.Equal(1, result.Count(G, S));       // customer 20
        Assert.Equal(500.0, result.ValueBefore(G, S));
        Assert.Equal(200.0, result.ValueAfter(G, S));
        Assert.Equal(1, result.Count(G, G));       // customer 30
        Assert.Equal(1, result.Count(B, B));       // customer 40
        Assert.Equal(1, result.Count(P, None));    // customer 10 is gone
        Assert.Equal(1000.0, result.ValueBefore(P, None));
        Assert.Equal(0.0, result.ValueAfter(P, None));
        Assert.Equal(1, result.Count(None, S));    // customer 50 is new
        Assert.Equal(300.0, result.ValueAfter(None, S));
        Assert.Equal(0, result.Count(None, None));
    }

    [Fact]
    public void Every_customer_of_either_period_lands_in_exactly_one_cell()
    {
        var random = new Random(41);
        var before = Enumerable.Range(0, 500).Where(_ => random.Next(4) > 0).ToArray();
        var after = Enumerable.Range(0, 500).Where(_ => random.Next(4) > 0).ToArray();
        var tiersBefore = before.Select(_ => (ValueTier)random.Next(1, 5)).ToArray();
        var tiersAfter = after.Select(_ => (ValueTier)random.Next(1, 5)).ToArray();

        var result = Compare(before, tiersBefore, before.Select(i => (double)i).ToArray(), after, tiersAfter, after.Select(i => (double)i).ToArray());

        var total = 0;
        foreach (var from in Enum.GetValues<ValueTier>())
        {
            foreach (var to in Enum.GetValues<ValueTier>())
            {
                total += result.Count(from, to);
            }
        }

        Assert.Equal(before.Union(after).Count(), total);
        Assert.Equal(before.Except(after).Count(), Enum.GetValues<ValueTier>().Sum(t => result.Count(t, None)));
        Assert.Equal(after.Except(before).Count(), Enum.GetValues<ValueTier>().Sum(t => result.Count(None, t)));
    }

    [Fact]
    public void Customers_who_fell_are_listed_by_value_lost_then_id()
    {
        var result = Compare(
            [1, 2, 3, 4, 5], [P, G, S, G, B], [900, 500, 300, 500, 20],
            [2, 3, 4, 5], [S, S, B, S], [100, 250, 100, 40]);

        Assert.Equal([1, 2, 4], result.Fallen.Select(f => f.CustomerId));
        Assert.Equal(new FallenCustomer(1, P, None, 900, 0), result.Fallen[0]);
        Assert.Equal([900.0, 400, 400], result.Fallen.Select(f => f.ValueLost));
    }

    [Fact]
    public void Ids_need_not_be_sorted_but_must_be_unique()
    {
        Assert.Throws<ArgumentException>(() => Compare([1, 1], [B, B], [1, 1], [], [], []));
        Assert.Throws<ArgumentException>(() => Compare([1], [B, S], [1], [], [], []));
    }

    [Fact]
    public void Two_rankings_can_be_compared_directly()
    {
        var before = ValueTiers.Rank(Enumerable.Range(0, 20).Select(i => (double)(20 - i)).ToArray(), null, CancellationToken.None);
        var after = ValueTiers.Rank(Enumerable.Range(0, 20).Select(i => (double)(i + 1)).ToArray(), null, CancellationToken.None);
        var ids = Enumerable.Range(100, 20).ToArray();

        var result = TierMigration.Compare(ids, before, ids, after, CancellationToken.None);

        Assert.Equal(1, result.Count(P, B));   // the best customer became one of the worst
        Assert.Equal(1, result.Count(B, P));
        Assert.Equal(100, result.Fallen[0].CustomerId);
    }

    [Fact]
    public void Empty_periods_give_an_empty_matrix()
    {
        var result = Compare([], [], [], [], [], []);

        Assert.Empty(result.Fallen);
        Assert.Equal(0, result.Count(None, B));
    }
}
