using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

public sealed class FpGrowthTests
{
    public static TheoryData<int, int, int, int, double> RandomDataSets => new()
    {
        // seed, transactions, items, max basket length, density
        { 1, 40, 8, 6, 0.5 },
        { 2, 200, 15, 8, 0.6 },
        { 3, 500, 25, 10, 0.5 },
        { 4, 120, 12, 12, 0.9 },   // dense: long itemsets, deep trees and single paths
        { 5, 300, 40, 6, 0.3 },    // sparse
        { 6, 60, 10, 10, 1.0 },
    };

    [Theory]
    [MemberData(nameof(RandomDataSets))]
    public void Frequent_itemsets_match_a_brute_force_count_at_every_minimum_support(int seed, int transactions, int items, int maxLength, double density)
    {
        var data = Reference.RandomBaskets(seed, transactions, items, maxLength, density);
        var all = Reference.CountAllSubsets(data);
        var largest = all.Values.DefaultIfEmpty(0).Max();

        for (var minCount = 1; minCount <= largest + 1; minCount++)
        {
            var expected = Reference.Frequent(all, minCount, int.MaxValue);
            var actual = Reference.AsMap(FpGrowth.FindFrequentItemsets(data, minCount));
            Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(RandomDataSets))]
    public void Frequent_itemsets_match_a_brute_force_count_for_every_maximum_length(int seed, int transactions, int items, int maxLength, double density)
    {
        var data = Reference.RandomBaskets(seed, transactions, items, maxLength, density);
        var all = Reference.CountAllSubsets(data);
        var minCount = Math.Max(1, transactions / 20);

        for (var length = 1; length <= maxLength + 1; length++)
        {
            var expected = Reference.Frequent(all, minCount, length);
            var actual = Reference.AsMap(FpGrowth.FindFrequentItemsets(data, minCount, length));
            Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(RandomDataSets))]
    public void Rules_match_the_definition_applied_to_brute_force_counts(int seed, int transactions, int items, int maxLength, double density)
    {
        var data = Reference.RandomBaskets(seed, transactions, items, maxLength, density);
        var all = Reference.CountAllSubsets(data);
        var minCount = Math.Max(2, transactions / 25);

        foreach (var minConfidence in new[] { 0.0, 0.3, 0.5, 0.8, 1.0 })
        {
            var expected = Reference.Rules(Reference.Frequent(all, minCount, int.MaxValue), minConfidence);
            var actual = Reference.AsMap(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(data, minCount), minConfidence));
            Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Streaming_to_a_counter_reports_the_same_itemsets_as_keeping_them()
    {
        var data = Reference.RandomBaskets(7, 400, 30, 10, 0.7);

        var kept = FpGrowth.FindFrequentItemsets(data, 0.02);
        var counted = FpGrowth.CountFrequentItemsets(data, 0.02);

        Assert.Equal(kept.Count, counted.Count);
        Assert.Equal(kept.CountByLength(), counted.CountByLength.ToArray().AsSpan(0, kept.CountByLength().Length).ToArray());
    }

    [Fact]
    public void Items_of_each_itemset_come_least_frequent_first()
    {
        var data = Reference.RandomBaskets(8, 300, 20, 8, 0.6);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 3);

        for (var i = 0; i < itemsets.Count; i++)
        {
            var set = itemsets[i];
            for (var p = 1; p < set.Length; p++)
            {
                var (before, after) = (itemsets.ItemSupportCounts[set[p - 1]], itemsets.ItemSupportCounts[set[p]]);
                Assert.True(before < after || (before == after && set[p - 1] > set[p]), Reference.Key(set));
            }
        }
    }

    [Fact]
    public void An_empty_data_set_has_no_frequent_itemsets_and_no_rules()
    {
        var data = new TransactionSet([0], [], []);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 0.1);

        Assert.Equal(0, itemsets.Count);
        Assert.Equal(0, AssociationRules.Generate(itemsets, 0.5).Count);
    }

    [Fact]
    public void Empty_baskets_count_as_transactions_but_contribute_no_items()
    {
        var data = TransactionSet.FromBaskets([["a", "b"], [], [], ["a"]]);

        var itemsets = Reference.AsMap(FpGrowth.FindFrequentItemsets(data, 0.5));

        Assert.Equal(4, data.Count);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2 }, itemsets);
    }

    [Fact]
    public void One_transaction_makes_every_subset_of_it_frequent_with_support_one()
    {
        var data = TransactionSet.FromBaskets([["a", "b", "c", "d"]]);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 1.0);
        var rules = AssociationRules.Generate(itemsets, 1.0);

        Assert.Equal(15, itemsets.Count);
        Assert.All(itemsets.SupportCounts, s => Assert.Equal(1, s));
        Assert.Equal(4 * 7, rules.Count); // each of the 11 itemsets of 2+ items gives one rule per item: 6×2 + 4×3 + 1×4
        Assert.All(rules.Lift, l => Assert.Equal(1.0, l));
    }

    [Fact]
    public void An_item_repeated_in_a_basket_counts_once()
    {
        // Item 0 appears three times in the first transaction and once in the second.
        var data = new TransactionSet([0, 4, 6], [0, 0, 1, 0, 0, 2], ["x", "y", "z"]);

        var itemsets = Reference.AsMap(FpGrowth.FindFrequentItemsets(data, 1));

        Assert.Equal(2, itemsets["0"]);
        Assert.Equal(1, itemsets["0,1"]);
        Assert.Equal(1, itemsets["0,2"]);
        Assert.Equal(5, itemsets.Count); // {0} {1} {2} {0,1} {0,2}
    }

    [Fact]
    public void Maximum_length_one_gives_only_single_items_and_no_rules()
    {
        var data = Reference.RandomBaskets(9, 100, 10, 6, 0.8);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 2, maxLength: 1);

        Assert.True(itemsets.Count > 0);
        Assert.All(Enumerable.Range(0, itemsets.Count), i => Assert.Equal(1, itemsets[i].Length));
        Assert.Equal(0, AssociationRules.Generate(itemsets, 0).Count);
    }

    [Fact]
    public void A_maximum_length_below_one_is_rejected()
    {
        var data = TransactionSet.FromBaskets([["a"]]);

        Assert.Throws<ArgumentOutOfRangeException>(() => FpGrowth.FindFrequentItemsets(data, 1, maxLength: 0));
    }

    [Theory]
    [InlineData(0.7, 10, 7)]     // 0.7 × 10 = 7.000000000000001 in floating point: still 7
    [InlineData(0.3, 10, 3)]
    [InlineData(0.001, 9835, 10)] // 9.835 rounds up
    [InlineData(0.0005, 88162, 45)]
    [InlineData(0.0001, 88162, 9)]
    [InlineData(0.5, 3, 2)]
    [InlineData(0.0, 10, 1)]      // never below one transaction
    [InlineData(1.0, 0, 1)]
    public void The_minimum_support_count_is_the_ceiling_of_support_times_transactions(double support, int transactions, int expected)
    {
        Assert.Equal(expected, SupportThreshold.ToCount(support, transactions));
    }

    [Fact]
    public void An_itemset_exactly_at_the_support_boundary_is_frequent_and_one_below_is_not()
    {
        // "a" is in 7 of 10 baskets, "b" in 6: at support 0.7 only "a" is frequent.
        var baskets = Enumerable.Range(0, 10)
            .Select(i => (IEnumerable<string>)(i < 6 ? ["a", "b"] : i < 7 ? ["a"] : ["c"]))
            .ToList();
        var data = TransactionSet.FromBaskets(baskets);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 0.7);

        Assert.Equal(1, itemsets.Count);
        Assert.Equal("a", data.ItemNames[itemsets[0][0]]);
        Assert.Equal(7, itemsets.SupportCounts[0]);
    }

    [Fact]
    public void A_rule_exactly_at_the_confidence_boundary_is_kept()
    {
        // {a} => {b}: 7 of the 10 baskets with a also have b, confidence exactly 0.7.
        var baskets = Enumerable.Range(0, 10).Select(i => (IEnumerable<string>)(i < 7 ? ["a", "b"] : ["a"])).ToList();
        var data = TransactionSet.FromBaskets(baskets);
        var itemsets = FpGrowth.FindFrequentItemsets(data, 1);

        var atBoundary = AssociationRules.Generate(itemsets, 0.7);
        var justAbove = AssociationRules.Generate(itemsets, 0.7000001);

        Assert.Contains(Enumerable.Range(0, atBoundary.Count), r => atBoundary.Describe(r) == "{a} => {b}");
        Assert.DoesNotContain(Enumerable.Range(0, justAbove.Count), r => justAbove.Describe(r) == "{a} => {b}");
    }

    [Fact]
    public void Mining_stops_when_cancelled()
    {
        var data = Reference.RandomBaskets(10, 200, 20, 8, 0.7);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FpGrowth.FindFrequentItemsets(data, 1, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Transaction_sets_reject_item_ids_outside_the_names()
    {
        Assert.Throws<ArgumentException>(() => new TransactionSet([0, 2], [0, 3], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new TransactionSet([0, 2], [0], ["a"]));
    }
}
