using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.CreateLead;
using Crm.Sales.Features.Pipeline;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Leads;

/// <summary>The lead list: server-side search, status and owner filters, sorting and paging; a row opens the lead.</summary>
public partial class LeadListPage
{
    private MudTable<LeadListItem> table = default!;
    private string search = "";
    private LeadStatus? status;
    private string? ownerId;
    private bool isManager;
    private IReadOnlyList<UserName> owners = [];
    private IReadOnlyDictionary<string, string> ownerNames = new Dictionary<string, string>();

    [Inject]
    private LeadQueries Queries { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private bool HasFilters => search.Length > 0 || status is not null || ownerId is not null;

    protected override async Task OnInitializedAsync()
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        ownerNames = owners.ToDictionary(o => o.Id, o => o.DisplayName);
    }

    private async Task<TableData<LeadListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<LeadSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : LeadSort.Created;
        var descending = state.SortDirection != SortDirection.Ascending;
        var page = await Queries.ListAsync(new LeadListQuery
        {
            Search = string.IsNullOrWhiteSpace(search) ? null : search, Status = status, OwnerId = ownerId, Sort = sort, Descending = descending,
            Page = state.Page, PageSize = state.PageSize,
        }, cancellationToken);
        var unknown = page.Items.Select(i => i.OwnerId).OfType<string>().Where(id => !ownerNames.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            var more = await Users.NamesAsync(unknown, cancellationToken);
            ownerNames = ownerNames.Concat(more).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        }

        return new TableData<LeadListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task NewLeadAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewLeadDialog>("New lead", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long id })
        {
            Navigation.NavigateTo($"/leads/{id}");
        }
    }

    internal static Color StatusColor(LeadStatus status) => status switch
    {
        LeadStatus.Qualified => Color.Info,
        LeadStatus.Converted => Color.Success,
        LeadStatus.Disqualified => Color.Error,
        _ => Color.Default,
    };

    private void Open(TableRowClickEventArgs<LeadListItem> row) => Navigation.NavigateTo($"/leads/{row.Item!.Id}");

    private Task SearchChangedAsync(string? value) => ReloadAsync(() => search = value ?? "");

    private Task StatusChangedAsync(LeadStatus? value) => ReloadAsync(() => status = value);

    private Task OwnerChangedAsync(string? value) => ReloadAsync(() => ownerId = value);

    private async Task ReloadAsync(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
