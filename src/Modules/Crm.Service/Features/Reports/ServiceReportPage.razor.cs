using System.Globalization;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Reports;

/// <summary>The service report for Managers and Admins: a period (default the last 30 days), an optional queue, charts and tables.</summary>
public partial class ServiceReportPage
{
    /// <summary>At most this many day labels under the daily chart; the others stay blank so the axis stays readable.</summary>
    private const int DayLabels = 10;
    /// <summary>Queue names longer than this are shortened on the charts' axes (the tables give them in full).</summary>
    private const int AxisLabelLength = 18;

    private readonly LineChartOptions lineOptions = new() { ShowLegend = true };
    // Queue names on the x-axis: slanted and shortened so that neighbours do not overlap; the tables beside give them in full.
    private readonly StackedBarChartOptions barOptions = new() { ShowLegend = true, XAxisLabelRotation = 30 };
    private readonly BarChartOptions percentOptions = new() { ShowLegend = false, XAxisLabelRotation = 30, YAxisToStringFunc = v => v.ToString("0'%'", CultureInfo.CurrentCulture) };
    private ServiceReport? data;
    private string? error;
    private DateTime? fromDate;
    private DateTime? toDate;
    private long? queueId;
    private IReadOnlyList<(long Id, string Name)> queues = [];
    private List<ChartSeries<double>> dailySeries = [];
    private string[] dailyLabels = [];
    private List<ChartSeries<double>> backlogSeries = [];
    private string[] backlogLabels = [];
    private List<ChartSeries<double>> attainmentSeries = [];
    private string[] attainmentLabels = [];

    [Inject]
    private ServiceReportQuery Query { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var (from, to) = Query.DefaultPeriod();
        fromDate = from.ToDateTime(TimeOnly.MinValue);
        toDate = to.ToDateTime(TimeOnly.MinValue);
        queues = await Query.QueuesAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var (report, validation) = await Query.LoadAsync(Day(fromDate), Day(toDate), queueId);
            if (report is null)
            {
                // The figures on screen would no longer match the period asked for.
                error = validation.ToString();
                data = null;
                return;
            }

            data = report;
            error = null;
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
            return;
        }

        var step = Math.Max(1, (int)Math.Ceiling(data.Days.Count / (double)DayLabels));
        dailyLabels = [.. data.Days.Select((d, i) => i % step == 0 ? d.Day.ToString("MMM d", CultureInfo.CurrentCulture) : "")];
        dailySeries =
        [
            new() { Name = "Created", Data = data.Days.Select(d => (double)d.Created).ToArray() },
            new() { Name = "Resolved", Data = data.Days.Select(d => (double)d.Resolved).ToArray() },
        ];
        backlogLabels = [.. data.BacklogByQueue.Select(b => AxisLabel(b.Queue))];
        backlogSeries =
        [
            new() { Name = "Low", Data = data.BacklogByQueue.Select(b => (double)b.Low).ToArray() },
            new() { Name = "Normal", Data = data.BacklogByQueue.Select(b => (double)b.Normal).ToArray() },
            new() { Name = "High", Data = data.BacklogByQueue.Select(b => (double)b.High).ToArray() },
            new() { Name = "Urgent", Data = data.BacklogByQueue.Select(b => (double)b.Urgent).ToArray() },
        ];
        attainmentLabels = [.. data.AttainmentByQueue.Select(a => AxisLabel(a.Name))];
        attainmentSeries = [new() { Name = "Attainment %", Data = data.AttainmentByQueue.Select(a => a.Percent ?? 0).ToArray() }];
    }

    private static string AxisLabel(string name) => name.Length <= AxisLabelLength ? name : string.Concat(name.AsSpan(0, AxisLabelLength - 1).TrimEnd(), "…");

    private string ExportHref(ServiceReportTable table) => data is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"/api/v1/service/reports/export?table={table}&from={data.From:yyyy-MM-dd}&to={data.To:yyyy-MM-dd}{(data.QueueId is { } q ? $"&queueId={q}" : "")}");

    private static DateOnly? Day(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;

    /// <summary>Business minutes as hours and minutes ("2 h 05 min"), or a dash without cases.</summary>
    internal static string Minutes(double? minutes)
    {
        if (minutes is not { } m)
        {
            return "—";
        }

        var whole = (long)Math.Round(m);
        return whole < 60
            ? string.Create(CultureInfo.CurrentCulture, $"{whole} min")
            : string.Create(CultureInfo.CurrentCulture, $"{whole / 60} h {whole % 60:00} min");
    }

    private static string Percent(double? percent) => percent is { } p ? p.ToString("0.#", CultureInfo.CurrentCulture) + " %" : "—";

    private static string Targets(BreachRow row) =>
        (row.FirstResponse, row.Resolution) switch
        {
            (true, true) => "First response, resolution",
            (true, false) => "First response",
            (false, true) => "Resolution",
            _ => "Next response",
        };
}
