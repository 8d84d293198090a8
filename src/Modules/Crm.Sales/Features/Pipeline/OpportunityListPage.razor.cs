using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>The opportunity list: server-side paging and sorting, filters by stage, owner (Managers), close date and name.</summary>
public partial class OpportunityListPage
{
    private MudTable<OpportunityListItem> table = default!;
    private string search = "";
    private int? stageId;
    private string? ownerId;
    private DateRange? closeRange;
    private bool isManager;
    private IReadOnlyList<PipelineStageDto> stages = [];
    private IReadOnlyList<UserName> owners = [];

    [Inject]
    private OpportunityQueries Queries { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "stage")]
    private int? InitialStage { get; set; }

    private bool HasFilters => search.Length > 0 || stageId is not null || ownerId is not null || closeRange is not null;

    protected override async Task OnInitializedAsync()
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        stageId = InitialStage;
        stages = await Queries.StagesAsync(includeInactive: true);
        if (isManager)
        {
            owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        }
    }

    private async Task<TableData<OpportunityListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<OpportunitySort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : OpportunitySort.CloseDate;
        var page = await Queries.ListAsync(new OpportunityListQuery
        {
            Search = string.IsNullOrWhiteSpace(search) ? null : search,
            StageId = stageId,
            OwnerId = ownerId,
            CloseFrom = closeRange?.Start is { } from ? DateOnly.FromDateTime(from) : null,
            CloseTo = closeRange?.End is { } to ? DateOnly.FromDateTime(to) : null,
            Sort = sort,
            Descending = state.SortDirection == SortDirection.Descending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);
        return new TableData<OpportunityListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void Open(TableRowClickEventArgs<OpportunityListItem> row) => Navigation.NavigateTo($"/pipeline/opportunities/{row.Item!.Id}");

    private Task SearchChangedAsync(string? value) => ReloadAsync(() => search = value ?? "");

    private Task StageChangedAsync(int? value) => ReloadAsync(() => stageId = value);

    private Task OwnerChangedAsync(string? value) => ReloadAsync(() => ownerId = value);

    private Task CloseChangedAsync(DateRange? value) => ReloadAsync(() => closeRange = value);

    private async Task ReloadAsync(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
