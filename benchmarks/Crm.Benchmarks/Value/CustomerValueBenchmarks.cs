using BenchmarkDotNet.Attributes;
using Crm.Analytics.Engine.Value;

namespace Crm.Benchmarks.Value;

/// <summary>RFM and value tiers for 1,000,000 synthetic customers (seeded). Target: a few hundred ms at most.</summary>
[MemoryDiagnoser]
public class CustomerValueBenchmarks
{
    private const int Customers = 1_000_000;
    private const int AsOfDay = 740_000;
    private static readonly CostToServe Rates = new(PerInteraction: 4.5, PerCase: 35);

    private int[] lastPurchaseDays = [];
    private int[] frequencies = [];
    private double[] monetary = [];
    private double[] costOfGoods = [];
    private int[] interactions = [];
    private int[] cases = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        lastPurchaseDays = new int[Customers];
        frequencies = new int[Customers];
        monetary = new double[Customers];
        costOfGoods = new double[Customers];
        interactions = new int[Customers];
        cases = new int[Customers];
        for (var i = 0; i < Customers; i++)
        {
            lastPurchaseDays[i] = AsOfDay - random.Next(0, 730);
            frequencies[i] = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 4);                 // many one-time buyers
            monetary[i] = Math.Round(frequencies[i] * Math.Exp(3 + random.NextDouble() * 2), 2);  // long tail of spend
            costOfGoods[i] = Math.Round(monetary[i] * (0.5 + random.NextDouble() * 0.3), 2);
            interactions[i] = random.Next(0, 25);
            cases[i] = random.Next(0, 10) == 0 ? random.Next(1, 6) : 0;
        }
    }

    [Benchmark]
    public object RfmMillionCustomers() => Rfm.Score(lastPurchaseDays, frequencies, monetary, AsOfDay, CancellationToken.None);

    /// <summary>Spend tiers, profit, profit tiers, whale curve and over-served list.</summary>
    [Benchmark]
    public object SpendAndProfitTiersMillionCustomers() =>
        CustomerValue.Analyze(monetary, costOfGoods, interactions, cases, Rates, null, 101, CancellationToken.None);

    [Benchmark]
    public object SpendTiersMillionCustomers() => ValueTiers.Rank(monetary, null, CancellationToken.None);
}
