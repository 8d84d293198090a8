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
        var minCount = SupportThreshold.ToCount(0.0005, Retail.Value.Count);

        var expected = EclatAt45.Value;
        var actual = Reference.AsMap(FpGrowth.FindFrequentItemsets(Retail.Value, minCount));

        Assert.Equal(45, minCount);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Rules_at_support_0_0005_and_confidence_0_5_match_the_definition_over_the_eclat_itemsets()
    {
        var minCount = SupportThreshold.ToCount(0.0005, Retail.Value.Count);

        Assert.Equal(45, minCount);
        var expected = Reference.Rules(EclatAt45.Value, 0.5);
        var actual = Reference.AsMap(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Retail.Value, minCount), 0.5));

        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Counting_at_support_0_0001_streams_every_itemset_without_keeping_them()
    {
        var counted = FpGrowth.CountFrequentItemsets(Retail.Value, 0.0001);
        var kept = FpGrowth.FindFrequentItemsets(Retail.Value, 0.0001);

        Assert.Equal(kept.Count, counted.Count);
        Assert.True(counted.Count > 200_000, counted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
