using System.Globalization;
using Crm.Analytics.Engine.Lifetime;

namespace Crm.Benchmarks.Lifetime;

/// <summary>Loads the CDNOW files of the repository's data/ folder (see data/README.md).</summary>
internal static class LifetimeBenchmarkData
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    /// <summary>CDNOW_master.txt (header, then customer_id yyyymmdd cds dollars) as parallel arrays.</summary>
    public static (int[] Customers, int[] Days, double[] Amounts) MasterLog() => ReadLog("CDNOW_master.txt", hasHeader: true, customerColumn: 0);

    /// <summary>CDNOW_sample.txt (master_id sample_id yyyymmdd cds dollars) as parallel arrays, customer = sample_id.</summary>
    public static (int[] Customers, int[] Days, double[] Amounts) SampleLog() => ReadLog("CDNOW_sample.txt", hasHeader: false, customerColumn: 1);

    /// <summary>The 39-week calibration summary (weeks, ending 1997-09-30) of a log.</summary>
    public static CalibrationSummary Summarize((int[] Customers, int[] Days, double[] Amounts) log)
        => TransactionSummarizer.Summarize(log.Customers, log.Days, log.Amounts, CalibrationEnd, TimeUnit.Week);

    private static (int[], int[], double[]) ReadLog(string file, bool hasHeader, int customerColumn)
    {
        var customers = new List<int>();
        var days = new List<int>();
        var amounts = new List<double>();
        var lines = File.ReadAllLines(RepositoryData.PathOf("cdnow/" + file));
        for (var i = hasHeader ? 1 : 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var date = fields[customerColumn + 1];
            customers.Add(int.Parse(fields[customerColumn], CultureInfo.InvariantCulture));
            days.Add(new DateOnly(
                int.Parse(date.AsSpan(0, 4), CultureInfo.InvariantCulture),
                int.Parse(date.AsSpan(4, 2), CultureInfo.InvariantCulture),
                int.Parse(date.AsSpan(6, 2), CultureInfo.InvariantCulture)).DayNumber);
            amounts.Add(double.Parse(fields[customerColumn + 3], CultureInfo.InvariantCulture));
        }

        return ([.. customers], [.. days], [.. amounts]);
    }
}
