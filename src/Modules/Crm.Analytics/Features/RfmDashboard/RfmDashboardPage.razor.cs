using System.Globalization;
using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Runs;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.RfmDashboard;

/// <summary>
/// The RFM dashboard: a recency x frequency heat map and the segment table of the live figures or a quarter's snapshot;
/// each cell and segment opens the customer list filtered to it. The live figures reload (at most every 2 s) when a
/// customer's figures change or a recompute ends.
/// </summary>
public sealed partial class RfmDashboardPage : IDisposable
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(2);
    private readonly Lock gate = new();
    private readonly CancellationTokenSource disposing = new();
    private IReadOnlyList<RfmSourceOption> sources = [];
    private RfmFigures? figures;
    private string? error;
    private DateTime? computeAsOf = DateTime.Today;
    private bool starting;
    private string? computeMessage;
    private Severity computeSeverity = Severity.Info;
    private bool reloadScheduled;
    private DateTime lastLoadUtc = DateTime.MinValue;
    private string? loadedKey;

    [SupplyParameterFromQuery(Name = "source")]
    private string? SourceParameter { get; set; }

    [Inject]
    private RfmQueries Queries { get; set; } = default!;

    [Inject]
    private ValueRunQueries Runs { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private ValueSource Source => ValueSource.Parse(SourceParameter);

    private string AsOfText
    {
        get
        {
            var asOf = figures?.AsOf is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";
            return Source.IsLive ? $"Live, as of the last recompute ({asOf})" : $"Snapshot {Source.Key}, as of {asOf}";
        }
    }

    public void Dispose()
    {
        Changes.CustomerChanged -= OnCustomerChanged;
        Changes.Recomputed -= OnRecomputed;
        disposing.Cancel();
        disposing.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        computeAsOf = Runs.Today.ToDateTime(TimeOnly.MinValue);
        Changes.CustomerChanged += OnCustomerChanged;
        Changes.Recomputed += OnRecomputed;
        try
        {
            sources = await Queries.SourcesAsync();
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (error is null && loadedKey != Source.Key)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var source = Source;
            var loaded = await Queries.LoadAsync(source);
            figures = loaded;
            loadedKey = source.Key;
            lastLoadUtc = DateTime.UtcNow;
            error = null;
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
        }
    }

    private void SourceChanged(string? key) =>
        Navigation.NavigateTo("/analytics/rfm?source=" + Uri.EscapeDataString(ValueSource.Parse(key).Key));

    private async Task ComputeAsync()
    {
        if (computeAsOf is not { } date)
        {
            ShowCompute("Choose the as-of date first.", Severity.Warning);
            return;
        }

        var day = DateOnly.FromDateTime(date);
        if (Runs.AsOfProblem(day) is { } problem)
        {
            ShowCompute(problem, Severity.Warning);
            return;
        }

        starting = true;
        try
        {
            var start = await Runs.StartAsync(day);
            ShowCompute(
                start.AlreadyRunning
                    ? $"Recompute #{start.RunId} is already running (shown below); try again when it has ended."
                    : $"Recompute #{start.RunId} as of {day:yyyy-MM-dd} started; its figures appear as Live and as the snapshot {Domain.ValueSnapshot.PeriodOf(day)} when it ends.",
                start.AlreadyRunning ? Severity.Warning : Severity.Info);
        }
        finally
        {
            starting = false;
        }
    }

    private async Task RunEndedAsync(long runId)
    {
        var run = await Runs.GetAsync(runId);
        if (run is not null && computeMessage is not null)
        {
            ShowCompute(
                run.Status switch
                {
                    "Succeeded" => $"Recompute #{run.Id} as of {run.AsOf:yyyy-MM-dd} finished: {run.Customers:N0} customers.",
                    "Cancelled" => $"Recompute #{run.Id} was cancelled; the previous figures were kept.",
                    _ => $"Recompute #{run.Id} failed: {run.Message}",
                },
                run.Status == "Succeeded" ? Severity.Success : Severity.Warning);
        }

        sources = await Queries.SourcesAsync();
        await LoadAsync();
        StateHasChanged();
    }

    private void ShowCompute(string text, Severity severity)
    {
        computeMessage = text;
        computeSeverity = severity;
    }

    private void OnCustomerChanged(long customerId) => ScheduleReload(sourcesToo: false);

    private void OnRecomputed() => ScheduleReload(sourcesToo: true);

    /// <summary>Reloads the live figures soon, at most once every <see cref="ReloadInterval"/> (events come from another thread).</summary>
    private void ScheduleReload(bool sourcesToo)
    {
        if (!Source.IsLive && !sourcesToo)
        {
            return;
        }

        lock (gate)
        {
            if (reloadScheduled)
            {
                return;
            }

            reloadScheduled = true;
        }

        var wait = lastLoadUtc + ReloadInterval - DateTime.UtcNow;
        _ = ReloadLaterAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    private async Task ReloadLaterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, disposing.Token);
            lock (gate)
            {
                reloadScheduled = false;
            }

            await InvokeAsync(async () =>
            {
                sources = await Queries.SourcesAsync(disposing.Token);
                if (Source.IsLive)
                {
                    await LoadAsync();
                }

                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (ObjectDisposedException)
        {
            // The page was closed while reloading.
        }
    }

    private string CustomersLink(string? condition) =>
        "/analytics/customers?source=" + Uri.EscapeDataString(Source.Key) + (condition is null ? "" : "&" + condition);

    private string CellStyle(RfmCell cell)
    {
        var max = figures?.Cells.Max(c => c.Customers) ?? 0;
        var intensity = max == 0 ? 0 : (double)cell.Customers / max;
        var alpha = cell.Customers == 0 ? 0.04 : 0.12 + (0.83 * intensity);
        // The brand blue over the white card; the text is white or black, whichever keeps WCAG AA contrast with that blend
        // (one of the two always reaches 4.5:1).
        var text = RelativeLuminance(Blend(0x1E, alpha), Blend(0x5A, alpha), Blend(0xA8, alpha)) < 0.179 ? "#fff" : "#000";
        return string.Create(CultureInfo.InvariantCulture,
            $"background:rgba(30,90,168,{alpha:0.###});color:{text};text-align:center;border-radius:6px;min-width:56px");
    }

    private static double Blend(int channel, double alpha) => (255 + (alpha * (channel - 255))) / 255;

    private static double RelativeLuminance(double r, double g, double b)
    {
        static double Linear(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));
    }

    private string CellTooltip(RfmCell cell)
    {
        var share = figures is { Customers: > 0 } f ? (double)cell.Customers / f.Customers : 0;
        return string.Create(CultureInfo.CurrentCulture,
            $"R {cell.R} × F {cell.F} — {cell.Segment}: {cell.Customers:N0} customers ({share:P1}), revenue {cell.Revenue:N0}. {RfmText.SegmentMeaning(cell.Segment)} R = days since the last purchase in quintiles (5 = most recent); F = purchase orders in quintiles (5 = most). Click for the customers.");
    }

    private static string Short(decimal value) => Math.Abs(value) switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#M", CultureInfo.CurrentCulture),
        >= 1_000 => (value / 1_000).ToString("0.#k", CultureInfo.CurrentCulture),
        _ => value.ToString("0", CultureInfo.CurrentCulture),
    };
}
