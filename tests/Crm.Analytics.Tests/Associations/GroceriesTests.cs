using System.Globalization;
using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

/// <summary>The published arules figures for the Groceries data (Hahsler et al.), see data/README.md.</summary>
public sealed class GroceriesTests
{
    private static readonly Lazy<TransactionSet> Groceries =
        new(() => BasketFileParser.ParseFile(RepositoryData.PathOf("groceries/groceries.csv"), CancellationToken.None));

    [Fact]
    public void The_groceries_file_has_9835_baskets_over_169_items()
    {
        Assert.Equal(9835, Groceries.Value.Count);
        Assert.Equal(169, Groceries.Value.ItemCount);
        Assert.Contains("whole milk", Groceries.Value.ItemNames);
    }

    [Fact]
    public void Support_0_001_means_at_least_10_baskets()
    {
        Assert.Equal(10, SupportThreshold.ToCount(0.001m, Groceries.Value.Count));
    }

    [Fact]
    public void At_support_0_001_there_are_13492_frequent_itemsets()
    {
        var itemsets = FpGrowth.FindFrequentItemsets(Groceries.Value, 0.001m);

        Assert.Equal(13_492, itemsets.Count);
        Assert.Equal(10, itemsets.MinSupportCount);
    }

    [Fact]
    public void Counting_without_keeping_gives_the_same_13492_itemsets()
    {
        var counter = FpGrowth.CountFrequentItemsets(Groceries.Value, 0.001m);

        Assert.Equal(13_492, counter.Count);
    }

    [Fact]
    public void At_support_0_001_and_confidence_0_5_there_are_5668_rules()
    {
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Groceries.Value, 0.001m), 0.5m);

        Assert.Equal(5_668, rules.Count);
    }

    [Fact]
    public void The_top_rule_by_lift_is_instant_food_products_and_soda_to_hamburger_meat_with_lift_18_996()
    {
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Groceries.Value, 0.001m), 0.5m);

        var top = rules.OrderByLift()[0];

        Assert.Equal("{Instant food products,soda} => {hamburger meat}", rules.Describe(top));
        Assert.Equal("18.996", rules.Lift[top].ToString("0.000", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_groceries_rule_meets_both_thresholds_and_its_measures_agree_with_direct_counts()
    {
        var data = Groceries.Value;
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(data, 0.001m), 0.5m);

        // Check a spread of rules against counts taken straight from the baskets.
        for (var r = 0; r < rules.Count; r += 97)
        {
            var antecedent = rules.Antecedent(r).ToArray();
            var consequent = rules.Consequents[r];
            int withAntecedent = 0, withBoth = 0, withConsequent = 0;
            for (var t = 0; t < data.Count; t++)
            {
                var basket = data[t];
                var hasAll = true;
                foreach (var item in antecedent)
                {
                    hasAll &= basket.Contains(item);
                }

                var hasConsequent = basket.Contains(consequent);
                withAntecedent += hasAll ? 1 : 0;
                withConsequent += hasConsequent ? 1 : 0;
                withBoth += hasAll && hasConsequent ? 1 : 0;
            }

            Assert.Equal(withBoth, rules.SupportCounts[r]);
            Assert.Equal(withAntecedent, rules.AntecedentSupportCounts[r]);
            Assert.Equal(withConsequent, rules.ConsequentSupportCounts[r]);
            Assert.True(withBoth >= 10, rules.Describe(r));
            Assert.True(rules.Confidence[r] >= 0.5, rules.Describe(r));
            Assert.Equal((double)withBoth * data.Count / ((double)withAntecedent * withConsequent), rules.Lift[r], 12);
        }
    }
}
