using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.OpenCase;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>Which cases the list shows: an agent starts with their own open cases, a SalesRep with their customers' open ones.</summary>
internal enum CaseView
{
    MyOpen,
    MyQueues,
    Unassigned,
    AllOpen,
    All,
}

/// <summary>The case list: views (mine, my queues, unassigned, all open, all), search, status and priority filters, sorting and paging.</summary>
public partial class CaseListPage
{
    private MudTable<CaseListItem> table = default!;
    private CaseView view;
    private string search = "";
    private CaseStatus? status;
    private CasePriority? priority;
    private CaseSlaState? slaState;
    private bool isWorker;

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private IEnumerable<CaseView> Views => isWorker ? Enum.GetValues<CaseView>() : [CaseView.AllOpen, CaseView.All];

    private string EmptyText => search.Length > 0 || status is not null || priority is not null
        ? "No cases match these filters."
        : view switch
        {
            CaseView.MyOpen => "You have no open cases. Look at the unassigned ones, or open a case with New case.",
            CaseView.Unassigned => "No case is waiting for an owner.",
            CaseView.MyQueues => "No open case in your queues. A Manager adds you to queues on the Queues page.",
            _ => "No cases yet. Open one with New case when a customer asks for help.",
        };

    protected override void OnInitialized()
    {
        isWorker = CaseAccess.IsWorker(CurrentUser);
        view = isWorker ? CaseView.MyOpen : CaseView.AllOpen;
    }

    private string ViewName(CaseView value) => value switch
    {
        CaseView.MyOpen => "My open cases",
        CaseView.MyQueues => "My queues",
        CaseView.Unassigned => "Unassigned",
        CaseView.AllOpen => isWorker ? "All open cases" : "Open cases of my customers",
        _ => isWorker ? "All cases" : "All cases of my customers",
    };

    private async Task<TableData<CaseListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<CaseSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : CaseSort.LastActivity;
        var page = await Queries.ListAsync(new CaseListQuery
        {
            OpenOnly = view != CaseView.All && status is null,
            OwnerId = view == CaseView.MyOpen ? CurrentUser.ActorId : null,
            Unassigned = view == CaseView.Unassigned,
            MyQueues = view == CaseView.MyQueues,
            Statuses = status is { } s ? [s] : [],
            Priority = priority,
            SlaStates = slaState is { } sla ? [sla] : [],
            Search = string.IsNullOrWhiteSpace(search) ? null : search,
            Sort = sort,
            Descending = state.SortDirection != SortDirection.Ascending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);
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

    private Task ViewChangedAsync(CaseView value) => ReloadAsync(() => view = value);

    private Task SearchChangedAsync(string? value) => ReloadAsync(() => search = value ?? "");

    private Task StatusChangedAsync(CaseStatus? value) => ReloadAsync(() => status = value);

    private Task PriorityChangedAsync(CasePriority? value) => ReloadAsync(() => priority = value);

    private Task SlaStateChangedAsync(CaseSlaState? value) => ReloadAsync(() => slaState = value);

    private async Task ReloadAsync(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
