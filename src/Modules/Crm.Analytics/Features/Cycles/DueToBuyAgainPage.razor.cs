using Crm.Analytics.Contracts;
using Crm.Analytics.Features.Live;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Cycles;

/// <summary>
/// The "due to buy again" worklist, paged on the server, with a one-click "Log a call" per row that records the outreach on
/// the customer's CCR timeline. Refreshes itself after a recompute.
/// </summary>
public partial class DueToBuyAgainPage
{
    private readonly Dictionary<long, DateTime> called = [];
    private readonly HashSet<long> busy = [];
    private MudTable<DueCustomerRow>? table;
    private bool? hasFigures;
    private string? error;

    [Inject]
    private DueQueries Queries { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            hasFigures = await Queries.HasFiguresAsync();
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
            return;
        }

        Changes.Recomputed += OnRecomputed;
    }

    public void Dispose()
    {
        Changes.Recomputed -= OnRecomputed;
        GC.SuppressFinalize(this);
    }

    private void OnRecomputed() => _ = InvokeAsync(async () =>
    {
        hasFigures = await Queries.HasFiguresAsync();
        StateHasChanged();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    });

    private async Task<TableData<DueCustomerRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.ListAsync(state.Page, Math.Min(state.PageSize, Lifetime.LifetimeQueries.MaxPageSize), cancellationToken);
        return new TableData<DueCustomerRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task LogCallWithOutcomeAsync(DueCustomerRow row)
    {
        var dialog = await Dialogs.ShowAsync<DueCallDialog>("Log a call",
            new DialogParameters<DueCallDialog> { { d => d.CustomerName, row.Name } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string outcome })
        {
            await LogCallAsync(row, outcome);
        }
    }

    private async Task LogCallAsync(DueCustomerRow row, string? outcome)
    {
        // One click, one call: the button is disabled while the call is recorded.
        if (!busy.Add(row.CustomerId))
        {
            return;
        }

        try
        {
            var call = await Queries.LogCallAsync(row.CustomerId, new DueCallInput { Outcome = outcome });
            called[row.CustomerId] = call.OccurredAtUtc;
            Snackbar.Add($"Call to {row.Name} logged on their timeline.", Severity.Success);
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException or ArgumentException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            busy.Remove(row.CustomerId);
        }
    }
}
