using System.Globalization;
using Crm.Analytics.Engine.Lifetime;

namespace Crm.Analytics.Tests.Lifetime;

/// <summary>Purchase log as parallel arrays.</summary>
internal sealed record TransactionLog(int[] CustomerIds, int[] DayNumbers, double[] Amounts)
{
    public int Count => CustomerIds.Length;
}

/// <summary>Reads the CDNOW files of data/cdnow (see data/README.md).</summary>
internal static class CdnowData
{
    /// <summary>End of the 39-week calibration period of the papers.</summary>
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    private static readonly Lazy<TransactionLog> Sample = new(() => ReadLog("cdnow/CDNOW_sample.txt", hasHeader: false, customerColumn: 1));
    private static readonly Lazy<TransactionLog> Master = new(() => ReadLog("cdnow/CDNOW_master.txt", hasHeader: true, customerColumn: 0));
    private static readonly Lazy<CalibrationSummary> PublishedSummary = new(ReadSummary);

    /// <summary>CDNOW_sample.txt: customer = sample_id (1..2357).</summary>
    public static TransactionLog SampleLog => Sample.Value;

    /// <summary>CDNOW_master.txt: all 23,570 customers.</summary>
    public static TransactionLog MasterLog => Master.Value;

    /// <summary>cdnow_customers_summary_with_transactions.csv (ID, x, t_x, T, zbar; weeks; rounded to 2 decimals).</summary>
    public static CalibrationSummary Summary => PublishedSummary.Value;

    private static TransactionLog ReadLog(string relativePath, bool hasHeader, int customerColumn)
    {
        var customers = new List<int>();
        var days = new List<int>();
        var amounts = new List<double>();
        var lines = File.ReadAllLines(RepositoryData.PathOf(relativePath));
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

        return new TransactionLog([.. customers], [.. days], [.. amounts]);
    }

    private static CalibrationSummary ReadSummary()
    {
        var lines = File.ReadAllLines(RepositoryData.PathOf("cdnow/cdnow_customers_summary_with_transactions.csv"));
        var ids = new List<int>();
        var x = new List<int>();
        var tx = new List<double>();
        var t = new List<double>();
        var zbar = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var f = line.Split(',');
            ids.Add(int.Parse(f[0], CultureInfo.InvariantCulture));
            x.Add(int.Parse(f[1], CultureInfo.InvariantCulture));
            tx.Add(double.Parse(f[2], CultureInfo.InvariantCulture));
            t.Add(double.Parse(f[3], CultureInfo.InvariantCulture));
            zbar.Add(double.Parse(f[4], CultureInfo.InvariantCulture));
        }

        return new CalibrationSummary([.. ids], [.. x], [.. tx], [.. t], [.. zbar], TimeUnit.Week);
    }
}
