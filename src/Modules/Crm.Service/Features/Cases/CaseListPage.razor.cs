using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.BulkUpdate;
using Crm.Service.Features.Cases.OpenCase;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>The case list's presets: an agent starts with their own open cases, a SalesRep with their customers' open ones.</summary>
internal enum CaseView
{
    MyOpen,
    MyQueues,
    Unassigned,

    /// <summary>Open cases whose SLA is at warning or breached.</summary>
    Overdue,
    AllOpen,
    All,
}

/// <summary>Everything the case list shows by: preset, search, filters and sort. A saved view stores it as JSON.</summary>
internal sealed record CaseListState
{
    public CaseView View { get; init; }

    public string Search { get; init; } = "";

    public CaseStatus? Status { get; init; }

    public CasePriority? Priority { get; init; }

    public CaseSlaState? SlaState { get; init; }

    public Channel? Channel { get; init; }

    public long? QueueId { get; init; }

    public string? OwnerId { get; init; }

    /// <summary>The first local day of opening shown.</summary>
    public DateTime? OpenedFrom { get; init; }

    /// <summary>The last local day of opening shown (inclusive).</summary>
    public DateTime? OpenedTo { get; init; }

    public CaseSort Sort { get; init; } = CaseSort.LastActivity;

    public bool Descending { get; init; } = true;

    /// <summary>The query this state asks of <see cref="CaseQueries"/> for <paramref name="userId"/>.</summary>
    public CaseListQuery ToQuery(string userId, int page, int pageSize) => new()
    {
        OpenOnly = View != CaseView.All && Status is null,
        OwnerId = View == CaseView.MyOpen ? userId : OwnerId,
        Unassigned = View == CaseView.Unassigned,
        MyQueues = View == CaseView.MyQueues,
        Statuses = Status is { } s ? [s] : [],
        Priority = Priority,
        SlaStates = SlaState is { } sla ? [sla] : View == CaseView.Overdue ? [CaseSlaState.Warning, CaseSlaState.Breached] : [],
        Channel = Channel,
        QueueId = QueueId,
        OpenedFromUtc = OpenedFrom?.Date.ToUniversalTime(),
        OpenedToUtc = OpenedTo?.Date.AddDays(1).ToUniversalTime(),
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search,
        Sort = Sort,
        Descending = Descending,
        Page = page,
        PageSize = pageSize,
    };
}

/// <summary>An order the list can be sorted in, as offered in the Sort by choice.</summary>
internal sealed record CaseListOrder(CaseSort Sort, bool Descending, string Label)
{
    public static IReadOnlyList<CaseListOrder> All { get; } =
    [
        new(CaseSort.LastActivity, true, "Latest activity first"),
        new(CaseSort.LastActivity, false, "Oldest activity first"),
        new(CaseSort.Opened, true, "Newest first"),
        new(CaseSort.Opened, false, "Oldest first"),
        new(CaseSort.Priority, true, "Most urgent first"),
        new(CaseSort.Priority, false, "Least urgent first"),
        new(CaseSort.Number, true, "Number, highest first"),
        new(CaseSort.Number, false, "Number, lowest first"),
    ];
}

/// <summary>Rows are the same case when their ids are: a selection survives a reload that changed the case.</summary>
internal sealed class CaseRows : IEqualityComparer<CaseListItem>
{
    public static readonly CaseRows Instance = new();

    public bool Equals(CaseListItem? x, CaseListItem? y) => x?.Id == y?.Id;

    public int GetHashCode(CaseListItem obj) => obj.Id.GetHashCode();
}

/// <summary>
/// The case list: presets (mine, my queues, unassigned, overdue, all), search, filters (status, priority, SLA, channel, queue,
/// owner, opening dates), sort and server paging; the user's saved views (Contacts' saved views under the "cases" list); and
/// for workers bulk actions on the cases selected, confirmed first, with each case's outcome shown.
/// </summary>
public partial class CaseListPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private MudTable<CaseListItem> table = default!;
    private CaseListState state = new();
    private bool isWorker;
    private bool busy;
    private HashSet<CaseListItem> selected = new(CaseRows.Instance);
    private CaseBulkResult? bulkResult;
    private IReadOnlyList<(long Id, string Name)> queues = [];
    private IReadOnlyList<UserName> workers = [];
    private IReadOnlyList<SavedViewDto> savedViews = [];
    private long? selectedViewId;

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    [Inject]
    private BulkUpdateCasesHandler Bulk { get; set; } = default!;

    [Inject]
    private ISavedViews SavedViews { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>All cases are the Managers' (and Admins') preset; agents work from their own, their queues' and the unassigned.</summary>
    private IEnumerable<CaseView> Views => !isWorker ? [CaseView.AllOpen, CaseView.All]
        : CaseAccess.WorksEveryCase(CurrentUser) ? Enum.GetValues<CaseView>()
        : [CaseView.MyOpen, CaseView.MyQueues, CaseView.Unassigned, CaseView.Overdue];

    private CaseListOrder Order => CaseListOrder.All.FirstOrDefault(o => o.Sort == state.Sort && o.Descending == state.Descending) ?? CaseListOrder.All[0];

    /// <summary>A search or filter narrows the preset (the sort does not).</summary>
    private bool Filtered => state with { Sort = CaseSort.LastActivity, Descending = true } != new CaseListState { View = state.View };

    private string EmptyText => Filtered
        ? "No cases match these filters."
        : state.View switch
        {
            CaseView.MyOpen => "You have no open cases. Look at the unassigned ones, or open a case with New case.",
            CaseView.Unassigned => "No case is waiting for an owner.",
            CaseView.MyQueues => "No open case in your queues. A Manager adds you to queues on the Queues page.",
            CaseView.Overdue => "No open case is at an SLA warning or breached.",
            _ => "No cases yet. Open one with New case when a customer asks for help.",
        };

    protected override async Task OnInitializedAsync()
    {
        isWorker = CaseAccess.IsWorker(CurrentUser);
        state = new CaseListState { View = isWorker ? CaseView.MyOpen : CaseView.AllOpen };
        if (isWorker)
        {
            queues = await Queries.QueueChoicesAsync();
            workers = await Workers.ListAsync(CancellationToken.None);
        }

        savedViews = await SavedViews.MineAsync(SavedViewLists.Cases);
    }

    private string ViewName(CaseView value) => value switch
    {
        CaseView.MyOpen => "My cases",
        CaseView.MyQueues => "My queues",
        CaseView.Unassigned => "Unassigned",
        CaseView.Overdue => "Overdue",
        CaseView.AllOpen => isWorker ? "All open" : "Open cases of my customers",
        _ => isWorker ? "All" : "All cases of my customers",
    };

    private async Task<TableData<CaseListItem>> LoadAsync(TableState table, CancellationToken cancellationToken)
    {
        var page = await Queries.ListAsync(state.ToQuery(CurrentUser.ActorId, table.Page, table.PageSize), cancellationToken);
        return new TableData<CaseListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task OpenCaseAsync()
    {
        var dialog = await Dialogs.ShowAsync<OpenCaseDialog>("New case", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long id })
        {
            Navigation.NavigateTo($"/cases/{id}");
        }
    }

    private void Open(TableRowClickEventArgs<CaseListItem> row) => Navigation.NavigateTo($"/cases/{row.Item!.Id}");

    private Task ViewChangedAsync(CaseView value) => ChangeAsync(state with { View = value });

    private Task SearchChangedAsync(string? value) => ChangeAsync(state with { Search = value ?? "" });

    /// <summary>
    /// Shows the list by <paramref name="changed"/>; a selection on another filter would act on rows no longer shown, and a
    /// changed filter is no longer the saved view picked (picking it again restores it).
    /// </summary>
    private async Task ChangeAsync(CaseListState changed, long? viewId = null)
    {
        state = changed;
        selectedViewId = viewId;
        selected = new(CaseRows.Instance);
        await table.ReloadServerData();
    }

    private async Task ApplyViewAsync(long? id)
    {
        var view = savedViews.FirstOrDefault(v => v.Id == id);
        var restored = view is null ? null : JsonSerializer.Deserialize<CaseListState>(view.QueryJson, Json);
        if (restored is not null && !Views.Contains(restored.View))
        {
            // A view saved under a preset the user no longer has (a role changed): keep its filters on their first preset.
            restored = restored with { View = Views.First() };
        }

        await ChangeAsync(restored ?? new CaseListState { View = Views.First() }, view?.Id);
    }

    private async Task SaveViewAsync()
    {
        var name = savedViews.FirstOrDefault(v => v.Id == selectedViewId)?.Name ?? "";
        var dialog = await Dialogs.ShowAsync<Crm.Ui.Views.SaveViewDialog>("Save this view",
            new DialogParameters<Crm.Ui.Views.SaveViewDialog> { { d => d.Name, name } }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string chosen })
        {
            return;
        }

        var result = await SavedViews.SaveAsync(SavedViewLists.Cases, chosen, JsonSerializer.Serialize(state, Json));
        if (result.Problem is { } problem)
        {
            Snackbar.Refused(problem);
            return;
        }

        savedViews = await SavedViews.MineAsync(SavedViewLists.Cases);
        selectedViewId = result.Value;
        Snackbar.Done($"View \"{chosen.Trim()}\" saved.");
    }

    private async Task DeleteViewAsync()
    {
        var view = savedViews.First(v => v.Id == selectedViewId);
        if (await Dialogs.ShowMessageBoxAsync("Delete this view?", $"The saved view \"{view.Name}\" will be deleted. Cases are not affected.",
                yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        await SavedViews.DeleteAsync(SavedViewLists.Cases, view.Id);
        savedViews = await SavedViews.MineAsync(SavedViewLists.Cases);
        selectedViewId = null;
        Snackbar.Done($"View \"{view.Name}\" deleted.");
    }

    private void ClearSelection() => selected = new(CaseRows.Instance);

    /// <summary>Asks for the action's argument, says what will happen to how many cases, and applies it once confirmed.</summary>
    private async Task BulkAsync(CaseBulkAction action)
    {
        var ids = selected.Select(c => c.Id).ToList();
        var dialog = await Dialogs.ShowAsync<BulkCaseDialog>(BulkCaseDialog.Title(action, ids.Count),
            new DialogParameters<BulkCaseDialog> { { d => d.Action, action }, { d => d.Count, ids.Count }, { d => d.Workers, workers } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string argument })
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Bulk.UpdateAsync(new CaseBulkInput(ids, action, argument));
            if (result.Problem is { } problem)
            {
                Snackbar.Refused(problem);
                return;
            }

            bulkResult = result.Value;
            selected = new(CaseRows.Instance);
            await table.ReloadServerData();
        }
        finally
        {
            busy = false;
        }
    }

    private static string BulkSummary(CaseBulkResult result) =>
        $"{Cases(result.Changed)} changed" + (result.Unchanged > 0 ? $", {Cases(result.Unchanged)} already so" : "")
        + (result.Skipped > 0 ? $", {Cases(result.Skipped)} skipped:" : ".");

    private static string Cases(int count) => count == 1 ? "1 case" : $"{count} cases";
}
