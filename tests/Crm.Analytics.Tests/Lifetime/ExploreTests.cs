using Crm.Analytics.Engine.Lifetime;
using Xunit.Abstractions;

namespace Crm.Analytics.Tests.Lifetime;

public sealed class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var log = CdnowData.SampleLog;
        var mine = TransactionSummarizer.Summarize(log.CustomerIds, log.DayNumbers, log.Amounts, CdnowData.CalibrationEnd, TimeUnit.Week);
        var pub = CdnowData.Summary;
        output.WriteLine($"mine {mine.Count} pub {pub.Count}");
        var maxd = 0.0;
        for (var i = 0; i < pub.Count; i++)
        {
            maxd = Math.Max(maxd, Math.Abs(Math.Round(mine.Tx[i], 2) - pub.Tx[i]) + Math.Abs(Math.Round(mine.T[i], 2) - pub.T[i]) + Math.Abs(Math.Round(mine.Zbar[i], 2) - pub.Zbar[i]) + Math.Abs(mine.X[i] - pub.X[i]));
        }
        output.WriteLine($"maxd {maxd}");
        foreach (var data in new[] { pub, mine })
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var fit = BgNbdModel.Fit(data);
            output.WriteLine($"{fit} {sw.Elapsed.TotalMilliseconds}ms");
        }
        var master = CdnowData.MasterLog;
        var ms = TransactionSummarizer.Summarize(master.CustomerIds, master.DayNumbers, master.Amounts, CdnowData.CalibrationEnd, TimeUnit.Week);
        for (var k = 0; k < 3; k++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var fit = BgNbdModel.Fit(ms);
            output.WriteLine($"master {fit} {sw.Elapsed.TotalMilliseconds}ms");
        }
    }
}
