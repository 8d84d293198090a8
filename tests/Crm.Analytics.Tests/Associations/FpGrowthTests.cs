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

        foreach (var minConfidence in new[] { 0m, 0.3m, 0.5m, 0.8m, 1m })
        {
            var expected = Reference.Rules(Reference.Frequent(all, minCount, int.MaxValue), minConfidence, data.Count);
            var actual = Reference.AsMap(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(data, minCount), minConfidence));
            Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Streaming_to_a_counter_reports_the_same_itemsets_as_keeping_them()
    {
        var data = Reference.RandomBaskets(7, 400, 30, 10, 0.7);

        var kept = FpGrowth.FindFrequentItemsets(data, 0.02m);
        var counted = FpGrowth.CountFrequentItemsets(data, 0.02m);

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

        var itemsets = FpGrowth.FindFrequentItemsets(data, 0.1m);

        Assert.Equal(0, itemsets.Count);
        Assert.Equal(0, AssociationRules.Generate(itemsets, 0.5m).Count);
    }

    [Fact]
    public void Empty_baskets_count_as_transactions_but_contribute_no_items()
    {
        var data = TransactionSet.FromBaskets([["a", "b"], [], [], ["a"]]);

        var itemsets = Reference.AsMap(FpGrowth.FindFrequentItemsets(data, 0.5m));

        Assert.Equal(4, data.Count);
        Assert.Equal(new Dictionary<string, int> { ["0"] = 2 }, itemsets);
    }

    [Fact]
    public void One_transaction_makes_every_subset_of_it_frequent_with_support_one()
    {
        var data = TransactionSet.FromBaskets([["a", "b", "c", "d"]]);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 1.0m);
        var rules = AssociationRules.Generate(itemsets, 1.0m);

        Assert.Equal(15, itemsets.Count);
        Assert.All(itemsets.SupportCounts, s => Assert.Equal(1, s));
        Assert.Equal(32, rules.Count); // each of the 15 itemsets gives one rule per item: 4×1 ({} => {y}) + 6×2 + 4×3 + 1×4
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
    public void Maximum_length_one_gives_only_single_items_and_only_rules_with_an_empty_antecedent()
    {
        var data = Reference.RandomBaskets(9, 100, 10, 6, 0.8);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 2, maxLength: 1);
        var rules = AssociationRules.Generate(itemsets, 0m);

        Assert.True(itemsets.Count > 0);
        Assert.All(Enumerable.Range(0, itemsets.Count), i => Assert.Equal(1, itemsets[i].Length));
        Assert.Equal(itemsets.Count, rules.Count);
        Assert.All(Enumerable.Range(0, rules.Count), r => Assert.True(rules.Antecedent(r).IsEmpty));
    }

    [Fact]
    public void A_maximum_length_below_one_is_rejected()
    {
        var data = TransactionSet.FromBaskets([["a"]]);

        Assert.Throws<ArgumentOutOfRangeException>(() => FpGrowth.FindFrequentItemsets(data, 1, maxLength: 0));
    }

    [Theory]
    [InlineData("0.7", 10, 7)]      // 0.7 × 10 = 7.000000000000001 in floating point: still 7
    [InlineData("0.3", 10, 3)]
    [InlineData("0.1", 30, 3)]      // 0.1 × 30 = 3.0000000000000004 in floating point
    [InlineData("0.001", 9835, 10)] // 9.835 rounds up
    [InlineData("0.0005", 88162, 45)]
    [InlineData("0.0005", 90000, 45)]
    [InlineData("0.0001", 88162, 9)]
    [InlineData("0.5", 3, 2)]
    [InlineData("0.7000000001", 10, 8)] // 7.000000001 transactions: 7 is not enough (a tolerance for rounding noise would say 7)
    [InlineData("0.70000000000000001", 10, 8)] // as a double this is 0.7, which would give 7
    [InlineData("0", 10, 1)]        // never below one transaction
    [InlineData("1", 0, 1)]
    public void The_minimum_support_count_is_the_exact_ceiling_of_support_times_transactions(string support, int transactions, int expected)
    {
        Assert.Equal(expected, SupportThreshold.ToCount(decimal.Parse(support, System.Globalization.CultureInfo.InvariantCulture), transactions));
    }

    [Fact]
    public void An_itemset_exactly_at_the_support_boundary_is_frequent_and_one_below_is_not()
    {
        // "a" is in 7 of 10 baskets, "b" in 6: at support 0.7 only "a" is frequent.
        var baskets = Enumerable.Range(0, 10)
            .Select(i => (IEnumerable<string>)(i < 6 ? ["a", "b"] : i < 7 ? ["a"] : ["c"]))
            .ToList();
        var data = TransactionSet.FromBaskets(baskets);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 0.7m);

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

        var atBoundary = AssociationRules.Generate(itemsets, 0.7m);
        var justAbove = AssociationRules.Generate(itemsets, 0.7000001m);

        Assert.Contains(Enumerable.Range(0, atBoundary.Count), r => atBoundary.Describe(r) == "{a} => {b}");
        Assert.DoesNotContain(Enumerable.Range(0, justAbove.Count), r => justAbove.Describe(r) == "{a} => {b}");
    }

    [Fact]
    public void Shares_that_binary_cannot_hold_keep_what_is_exactly_at_the_minimum_and_drop_what_is_one_basket_below()
    {
        // 20,000 baskets. Support 0.0005 = 10 baskets: {tea, lemon} in exactly 10 (kept), {tea, honey} in 9 (dropped).
        // Confidence 0.7: bread is in 70 baskets, with butter in 49 (exactly 0.7, kept) and with jam in 48 (dropped).
        // Confidence 0.1: milk is in 110 baskets, with cereal in 11 (exactly 0.1, kept) and with cocoa in 10 (frequent, dropped).
        var baskets = new List<IEnumerable<string>>();
        void Add(int count, params string[] items) => baskets.AddRange(Enumerable.Repeat(items, count));
        Add(27, "bread", "butter", "jam");
        Add(22, "bread", "butter");
        Add(21, "bread", "jam");
        Add(11, "milk", "cereal");
        Add(10, "milk", "cocoa");
        Add(89, "milk");
        Add(10, "tea", "lemon");
        Add(9, "tea", "honey");
        Add(20_000 - baskets.Count, "water");
        var data = TransactionSet.FromBaskets(baskets);
        int Id(string name) => data.ItemNames.ToList().IndexOf(name);

        var itemsets = FpGrowth.FindFrequentItemsets(data, 0.0005m);
        var frequent = Reference.AsMap(itemsets);
        string[] Rules(decimal minConfidence)
        {
            var rules = AssociationRules.Generate(itemsets, minConfidence);
            return [.. Enumerable.Range(0, rules.Count).Select(rules.Describe)];
        }

        Assert.Equal(20_000, data.Count);
        Assert.Equal(10, itemsets.MinSupportCount);
        Assert.Equal(10, frequent[Reference.Key([Id("tea"), Id("lemon")])]);
        Assert.False(frequent.ContainsKey(Reference.Key([Id("tea"), Id("honey")])));
        Assert.Contains("{bread} => {butter}", Rules(0.7m));
        Assert.DoesNotContain("{bread} => {jam}", Rules(0.7m));
        Assert.Contains("{milk} => {cereal}", Rules(0.1m));
        Assert.True(frequent.ContainsKey(Reference.Key([Id("milk"), Id("cocoa")])));
        Assert.DoesNotContain("{milk} => {cocoa}", Rules(0.1m));

        // A minimum a hair above 0.7 drops the rule at 0.7: as a double, 0.70000000000000001 would be 0.7 and keep it.
        Assert.DoesNotContain("{bread} => {butter}", Rules(0.70000000000000001m));
    }

    [Fact]
    public void A_rule_with_an_empty_antecedent_says_an_item_is_in_at_least_the_minimum_confidence_of_all_baskets()
    {
        // Milk is in 8 of 10 baskets, chips in 5, beer in 4: at confidence 0.5 (as arules' apriori with its default minlen 1)
        // {} => {milk} and {} => {chips} are rules, with lift 1; {} => {beer} is not.
        var data = TransactionSet.FromBaskets(
        [
            ["beer", "chips", "milk"], ["beer", "chips", "milk"], ["beer", "chips"], ["beer", "chips"], ["chips", "milk"],
            ["milk"], ["milk"], ["milk"], ["milk"], ["milk"],
        ]);

        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(data, 1), 0.5m);
        var empty = Enumerable.Range(0, rules.Count).Where(r => rules.Antecedent(r).IsEmpty).ToList();

        Assert.Equal(["{} => {chips}", "{} => {milk}"], empty.Select(rules.Describe).Order(StringComparer.Ordinal));
        Assert.All(empty, r => Assert.Equal(10, rules.AntecedentSupportCounts[r]));
        Assert.All(empty, r => Assert.Equal(1.0, rules.Lift[r], 12));
        Assert.Equal([0.5, 0.8], empty.Select(r => rules.Confidence[r]).Order());
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
