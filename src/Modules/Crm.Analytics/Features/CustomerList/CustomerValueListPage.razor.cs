using Crm.Analytics.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.CustomerList;

/// <summary>
/// The customers of a heat-map cell, segment or tier (from the URL: <c>source</c>, <c>r</c>, <c>f</c>, <c>segment</c>,
/// <c>spendTier</c>, <c>profitTier</c>) with their value figures: server-side paging and sort, filter chips, CSV export.
/// </summary>
public partial class CustomerValueListPage
{
    private MudTable<CustomerValueListItem>? table;
    private int total;
    private CustomerValueSort sort = CustomerValueSort.Monetary;
    private bool descending = true;
    private string? loadedQuery;

    [SupplyParameterFromQuery(Name = "source")]
    private string? Source { get; set; }

    [SupplyParameterFromQuery(Name = "r")]
    private string? R { get; set; }

    [SupplyParameterFromQuery(Name = "f")]
    private string? F { get; set; }

    [SupplyParameterFromQuery(Name = "segment")]
    private string? Segment { get; set; }

    [SupplyParameterFromQuery(Name = "spendTier")]
    private string? SpendTier { get; set; }

    [SupplyParameterFromQuery(Name = "profitTier")]
    private string? ProfitTier { get; set; }

    [Inject]
    private CustomerValueListQuery Query { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private CustomerValueFilter Filter { get; set; } = new();

    private string ExportHref =>
        "/api/v1/analytics/customers.csv?" + Filter.ToQueryString() + "&sort=" + sort + "&descending=" + (descending ? "true" : "false");

    protected override async Task OnParametersSetAsync()
    {
        Filter = CustomerValueFilter.Parse(Source, R, F, Segment, SpendTier, ProfitTier);
        var query = Filter.ToQueryString();
        if (loadedQuery is not null && loadedQuery != query && table is not null)
        {
            loadedQuery = query;
            await table.ReloadServerData();
        }

        loadedQuery = query;
    }

    private async Task<TableData<CustomerValueListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        sort = Enum.TryParse<CustomerValueSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : CustomerValueSort.Monetary;
        descending = state.SortDirection != SortDirection.Ascending;
        var page = await Query.ListAsync(new CustomerValueListRequest(Filter, sort, descending, state.Page, state.PageSize), cancellationToken);
        if (total != page.TotalCount)
        {
            total = page.TotalCount;
            StateHasChanged(); // the count above the table belongs to the page, not to the table
        }

        return new TableData<CustomerValueListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void Remove(string parameter) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(parameter, (string?)null));

    private void ClearAll() =>
        Navigation.NavigateTo("/analytics/customers?source=" + Uri.EscapeDataString(Filter.Source.Key));
}
