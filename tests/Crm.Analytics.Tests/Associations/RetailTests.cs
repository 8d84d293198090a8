using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

/// <summary>The FIMI retail baskets: FP-Growth against an independent Eclat miner on real, sparse data.</summary>
public sealed class RetailTests
{
    private static readonly Lazy<TransactionSet> Retail =
        new(() => BasketFileParser.ParseFile(RepositoryData.PathOf("fimi-retail/retail.dat.gz"), CancellationToken.None));

    private static readonly Lazy<Dictionary<string, int>> EclatAt45 = new(() => Reference.Eclat(Retail.Value, 45));

    [Fact]
    public void At_support_0_0005_fp_growth_finds_exactly_the_itemsets_and_supports_eclat_finds()
    {
        var minCount = SupportThreshold.ToCount(0.0005m, Retail.Value.Count);

        var expected = EclatAt45.Value;
        var actual = Reference.AsMap(FpGrowth.FindFrequentItemsets(Retail.Value, minCount));

        Assert.Equal(45, minCount);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Rules_at_support_0_0005_and_confidence_0_5_match_the_definition_over_the_eclat_itemsets()
    {
        var minCount = SupportThreshold.ToCount(0.0005m, Retail.Value.Count);

        Assert.Equal(45, minCount);
        var expected = Reference.Rules(EclatAt45.Value, 0.5m, Retail.Value.Count);
        var actual = Reference.AsMap(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Retail.Value, minCount), 0.5m));

        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// The reference figures: 19,242 frequent itemsets and 15,322 rules, the count that R's arules <c>apriori</c> (default
    /// minlen = 1, maxlen = 10; the longest itemset here has 6 items) and Borgelt's <c>fpgrowth</c> report for these
    /// thresholds. Neither program could be installed here (Debian has no r-cran-arules), so the figure was obtained from
    /// their definition by an independent brute force outside this code base: every itemset in at least ceil(0.0005 ×
    /// 88,162) = 45 baskets by bitset intersection (Python integers), every rule X => {y} with X empty or not, kept when
    /// n(X ∪ {y}) / n(X) >= 1/2 in exact fractions. That gives 15,321 rules with a non-empty antecedent (49 of them at exactly
    /// 0.5) plus {} => {39}: item 39 is in 50,675 of the 88,162 baskets (57.5%), so "any basket => 39" reaches 0.5. The
    /// engine used to leave out rules with an empty antecedent and found 15,321.
    /// </summary>
    [Fact]
    public void At_support_0_0005_and_confidence_0_5_there_are_the_19242_itemsets_and_15322_rules_the_references_find()
    {
        var itemsets = FpGrowth.FindFrequentItemsets(Retail.Value, 0.0005m);
        var rules = AssociationRules.Generate(itemsets, 0.5m);
        var empty = Enumerable.Range(0, rules.Count).Where(r => rules.Antecedent(r).IsEmpty).ToList();

        Assert.Equal(19_242, itemsets.Count);
        Assert.Equal(15_322, rules.Count);
        Assert.Equal(49, Enumerable.Range(0, rules.Count).Count(r => rules.SupportCounts[r] * 2 == rules.AntecedentSupportCounts[r]));
        var only = Assert.Single(empty);
        Assert.Equal("{} => {39}", rules.Describe(only));
        Assert.Equal((50_675, 88_162), (rules.SupportCounts[only], rules.AntecedentSupportCounts[only]));
    }

    [Fact]
    public void Counting_at_support_0_0001_streams_every_itemset_without_keeping_them()
    {
        var counted = FpGrowth.CountFrequentItemsets(Retail.Value, 0.0001m);
        var kept = FpGrowth.FindFrequentItemsets(Retail.Value, 0.0001m);

        Assert.Equal(kept.Count, counted.Count);
        Assert.True(counted.Count > 200_000, counted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
