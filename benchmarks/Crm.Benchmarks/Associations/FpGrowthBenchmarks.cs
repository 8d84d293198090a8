using BenchmarkDotNet.Attributes;
using Crm.Analytics.Engine.Associations;

namespace Crm.Benchmarks.Associations;

/// <summary>
/// FP-Growth on the FIMI retail baskets (88,162 baskets, 16,470 items; data/fimi-retail/retail.dat.gz, found by
/// walking up to Crm.sln). Parsing is in the setup, not measured. Target: itemsets at support 0.0005 plus rules at
/// confidence 0.5 in &lt;= 0.3 s; support 0.0001 counted without keeping the itemsets.
/// </summary>
[MemoryDiagnoser]
public class FpGrowthRetailBenchmarks
{
    private TransactionSet retail = null!;

    [GlobalSetup]
    public void Setup() => retail = BasketFileParser.ParseFile(RepositoryData.PathOf("fimi-retail/retail.dat.gz"), CancellationToken.None);

    /// <summary>19,242 itemsets, 15,322 rules (one of them {} => {39}).</summary>
    [Benchmark]
    public int ItemsetsAndRulesAtSupport0005Confidence50()
    {
        var itemsets = FpGrowth.FindFrequentItemsets(retail, 0.0005m);
        return AssociationRules.Generate(itemsets, 0.5m).Count;
    }

    /// <summary>240,852 itemsets, streamed to a counter.</summary>
    [Benchmark]
    public long CountItemsetsAtSupport0001() => FpGrowth.CountFrequentItemsets(retail, 0.0001m).Count;
}
