using System.Globalization;
using System.Text;
using Crm.Kernel.Text;
using Crm.Service.Contracts;

namespace Crm.Service.Features.Reports;

/// <summary>
/// Writes a table of the service report as CSV (RFC 4180 quoting, UTF-8 with a byte-order mark, invariant numbers). Every
/// text cell goes through <see cref="SpreadsheetSafe.Cell"/>, the exports' formula-injection guard, so a subject or a name
/// a customer typed never runs as a formula.
/// </summary>
internal static class ServiceReportCsv
{
    public static string FileName(ServiceReport report, ServiceReportTable table) =>
        string.Create(CultureInfo.InvariantCulture, $"service-{table.ToString().ToLowerInvariant()}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv");

    public static byte[] Write(ServiceReport report, ServiceReportTable table)
    {
        var lines = new StringBuilder();
        foreach (var row in Rows(report, table))
        {
            lines.Append(string.Join(',', row)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(lines.ToString())];
    }

    private static IEnumerable<string[]> Rows(ServiceReport report, ServiceReportTable table)
    {
        switch (table)
        {
            case ServiceReportTable.Backlog:
                yield return ["queue", "low", "normal", "high", "urgent", "total"];
                foreach (var b in report.BacklogByQueue)
                {
                    yield return [Text(b.Queue), Int(b.Low), Int(b.Normal), Int(b.High), Int(b.Urgent), Int(b.Total)];
                }

                break;
            case ServiceReportTable.Daily:
                yield return ["day", "created", "resolved"];
                foreach (var d in report.Days)
                {
                    yield return [d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Int(d.Created), Int(d.Resolved)];
                }

                break;
            case ServiceReportTable.Times:
                yield return ["priority", "first_response_cases", "first_response_median_minutes", "first_response_p90_minutes", "resolution_cases", "resolution_median_minutes", "resolution_p90_minutes"];
                foreach (var (name, fr, res) in report.TimesByPriority.Select(p => (p.Priority.ToString(), p.FirstResponse, p.Resolution))
                    .Append(("All", report.FirstResponse, report.Resolution)))
                {
                    yield return [Text(name), Int(fr.Cases), Number(fr.MedianMinutes), Number(fr.P90Minutes), Int(res.Cases), Number(res.MedianMinutes), Number(res.P90Minutes)];
                }

                break;
            case ServiceReportTable.Attainment:
                yield return ["group", "name", "cases", "kept", "breached", "attainment_percent"];
                foreach (var (group, a) in report.AttainmentByPolicy.Select(a => ("policy", a))
                    .Concat(report.AttainmentByQueue.Select(a => ("queue", a)))
                    .Concat(report.AttainmentByAgent.Select(a => ("agent", a)))
                    .Append(("all", report.Overall)))
                {
                    yield return [group, Text(a.Name), Int(a.Cases), Int(a.Kept), Int(a.Breached), Number(a.Percent)];
                }

                break;
            case ServiceReportTable.Breaches:
                yield return ["case", "subject", "customer_id", "customer", "queue", "owner", "policy", "priority", "status", "breached_at_utc", "first_response_breached", "resolution_breached"];
                foreach (var b in report.Breaches)
                {
                    yield return
                    [
                        b.Number, Text(b.Subject), Int(b.CustomerId), Text(b.Customer), Text(b.Queue), Text(b.Owner), Text(b.Policy), b.Priority.ToString(),
                        b.Status.ToString(), b.BreachedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Bool(b.FirstResponse), Bool(b.Resolution),
                    ];
                }

                break;
            default:
                yield return ["tier", "customers", "cases", "cases_per_customer", "answered", "average_first_response_minutes", "sla_resolved", "sla_kept", "attainment_percent"];
                foreach (var t in report.Tiers)
                {
                    yield return
                    [
                        t.Tier, Int(t.Customers), Int(t.Cases), Number(t.CasesPerCustomer), Int(t.Answered), Number(t.AverageFirstResponseMinutes),
                        Int(t.SlaResolved), Int(t.SlaKept), Number(t.AttainmentPercent),
                    ];
                }

                break;
        }
    }

    /// <summary>A text cell: defused against formulas, then quoted when needed.</summary>
    private static string Text(string? value)
    {
        var safe = SpreadsheetSafe.Cell(value) ?? "";
        return safe.AsSpan().IndexOfAny(",\"\r\n") < 0 ? safe : "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Bool(bool value) => value ? "yes" : "no";
}
