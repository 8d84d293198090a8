using Crm.Analytics.Features.Recompute;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Runs;

/// <summary>
/// Shows the running recompute as it goes (pushed by <see cref="ValueRunCoordinator.ProgressChanged"/>) and tells the page
/// when it ends, so the page can reload its figures.
/// </summary>
public sealed partial class RunProgressPanel : IDisposable
{
    private ValueRunProgress? progress;
    private bool cancelling;
    private bool disposed;

    /// <summary>Called with the id of a run that ended (succeeded, failed or was cancelled).</summary>
    [Parameter]
    public EventCallback<long> OnEnded { get; set; }

    /// <summary>Say "No recompute is running." when none runs (otherwise nothing is shown).</summary>
    [Parameter]
    public bool ShowIdle { get; set; }

    /// <summary>True while a recompute runs.</summary>
    public bool IsRunning => progress is not null;

    [Inject]
    private ValueRunCoordinator Coordinator { get; set; } = default!;

    [Inject]
    private ValueRunQueries Queries { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    public void Dispose()
    {
        disposed = true;
        Coordinator.ProgressChanged -= OnProgress;
    }

    protected override void OnInitialized()
    {
        Coordinator.ProgressChanged += OnProgress;
        progress = Queries.Current;
    }

    private void OnProgress(ValueRunProgress? value)
    {
        if (disposed)
        {
            return;
        }

        // Called on the recompute's thread: hand over to the circuit.
        _ = InvokeAsync(async () =>
        {
            if (disposed)
            {
                return;
            }

            var ended = progress is { RunId: > 0 } before && (value is null || value.RunId != before.RunId) ? progress.RunId : (long?)null;
            progress = value;
            if (value is null)
            {
                cancelling = false;
            }

            StateHasChanged();
            if (ended is { } runId)
            {
                await OnEnded.InvokeAsync(runId);
            }
        });
    }

    private async Task CancelAsync()
    {
        if (progress is not { } p)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel the recompute?",
            $"Recompute #{p.RunId} (as of {p.AsOf:yyyy-MM-dd}) will stop. The figures of the previous run stay as they are; nothing of this run is stored.",
            yesText: "Cancel recompute", cancelText: "Let it run");
        if (confirmed != true)
        {
            return;
        }

        if (Queries.Cancel(p.RunId))
        {
            cancelling = true;
            Snackbar.Add($"Cancelling recompute #{p.RunId}…", Severity.Info);
        }
        else
        {
            Snackbar.Add($"Recompute #{p.RunId} has already ended.", Severity.Warning);
        }
    }
}
