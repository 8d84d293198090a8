using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Runs;

/// <summary>
/// The "Value recompute" page: start an on-demand recompute as of a date, follow and cancel the running one, the history
/// of runs and the stored quarter snapshots.
/// </summary>
public partial class ValueRunsPage
{
    private MudTable<ValueRunItem> table = default!;
    private DateTime? asOf = DateTime.Today;
    private bool starting;
    private string? message;
    private Severity messageSeverity = Severity.Info;
    private IReadOnlyList<ValueSnapshotItem> snapshots = [];

    /// <summary>An as-of date to start with (<c>?asOf=2026-09-30</c>), for example from the RFM dashboard.</summary>
    [SupplyParameterFromQuery(Name = "asOf")]
    private string? AsOfParameter { get; set; }

    [Inject]
    private ValueRunQueries Queries { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        asOf = Queries.Today.ToDateTime(TimeOnly.MinValue);
        if (DateOnly.TryParseExact(AsOfParameter, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var requested))
        {
            asOf = requested.ToDateTime(TimeOnly.MinValue);
        }

        snapshots = await Queries.SnapshotsAsync();
    }

    private async Task<TableData<ValueRunItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.ListAsync(state.Page, state.PageSize, cancellationToken);
        return new TableData<ValueRunItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task StartAsync()
    {
        if (asOf is not { } date)
        {
            Show("Choose the as-of date first.", Severity.Warning);
            return;
        }

        var day = DateOnly.FromDateTime(date);
        if (Queries.AsOfProblem(day) is { } problem)
        {
            Show(problem, Severity.Warning);
            return;
        }

        starting = true;
        try
        {
            var start = await Queries.StartAsync(day);
            Show(
                start.AlreadyRunning
                    ? $"Recompute #{start.RunId} is already running; it is shown below. Start yours when it has ended."
                    : $"Recompute #{start.RunId} as of {day:yyyy-MM-dd} started.",
                start.AlreadyRunning ? Severity.Warning : Severity.Info);
        }
        finally
        {
            starting = false;
        }

        await table.ReloadServerData();
    }

    private async Task EndedAsync(long runId)
    {
        var run = await Queries.GetAsync(runId);
        if (run is not null)
        {
            Show(
                run.Status switch
                {
                    "Succeeded" => $"Recompute #{run.Id} as of {run.AsOf:yyyy-MM-dd} succeeded: {run.Customers:N0} customers, {run.Rules:N0} rules.",
                    "Cancelled" => $"Recompute #{run.Id} was cancelled; the previous figures were kept.",
                    _ => $"Recompute #{run.Id} failed: {run.Message}",
                },
                run.Status switch { "Succeeded" => Severity.Success, "Cancelled" => Severity.Warning, _ => Severity.Error });
        }

        snapshots = await Queries.SnapshotsAsync();
        await table.ReloadServerData();
        StateHasChanged();
    }

    private void Show(string text, Severity severity)
    {
        message = text;
        messageSeverity = severity;
    }

    private static Color StatusColor(string status) => status switch
    {
        "Succeeded" => Color.Success,
        "Running" => Color.Info,
        "Cancelled" => Color.Warning,
        _ => Color.Error,
    };

    private static string Duration(ValueRunItem run)
    {
        var duration = run.Duration ?? DateTime.UtcNow - run.StartedAtUtc;
        return duration.TotalHours >= 1
            ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : duration.TotalMinutes >= 1
                ? duration.ToString(@"m\:ss", CultureInfo.InvariantCulture) + " min"
                : duration.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture) + " s";
    }
}
