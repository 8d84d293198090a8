using BenchmarkDotNet.Attributes;
using Crm.Analytics.Engine.Lifetime;

namespace Crm.Benchmarks.Lifetime;

/// <summary>BG/NBD on the full CDNOW master (23,570 customers, 39-week calibration ending 1997-09-30, weeks). Target: fit &lt;= 50 ms.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class BgNbdCdnowMasterBenchmarks
{
    private (int[] Customers, int[] Days, double[] Amounts) log;
    private CalibrationSummary summary = null!;

    [GlobalSetup]
    public void Setup()
    {
        log = LifetimeBenchmarkData.MasterLog();
        summary = LifetimeBenchmarkData.Summarize(log);
    }

    [Benchmark]
    public double FitBgNbd() => BgNbdModel.Fit(summary).LogLikelihood;

    [Benchmark]
    public int SummarizeTransactions() => LifetimeBenchmarkData.Summarize(log).Count;
}

/// <summary>BG/NBD on 1,000,000 synthetic customers drawn from the CDNOW parameters (seed 42). Target: fit &lt;= 2 s on 2 cores.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class BgNbdMillionCustomersBenchmarks
{
    private CalibrationSummary summary = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => summary = LifetimeSimulator.BgNbd(new BgNbdParameters(0.243, 4.414, 0.793, 2.426), 1_000_000, 27, 39, seed: 42);

    [Benchmark]
    public double FitBgNbd() => BgNbdModel.Fit(summary, new OptimizerOptions(MaxDegreeOfParallelism: Threads)).LogLikelihood;
}

/// <summary>Pareto/NBD and Gamma-Gamma on the CDNOW sample (2,357 customers, 946 with repeat purchases).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ParetoNbdCdnowSampleBenchmarks
{
    private CalibrationSummary summary = null!;

    [GlobalSetup]
    public void Setup() => summary = LifetimeBenchmarkData.Summarize(LifetimeBenchmarkData.SampleLog());

    [Benchmark]
    public double FitParetoNbd() => ParetoNbdModel.Fit(summary).LogLikelihood;

    [Benchmark]
    public double FitGammaGamma() => GammaGammaModel.Fit(summary).LogLikelihood;
}
