using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Products;

/// <summary>The product catalogue: server-side search, filters, sorting and paging; Managers and Admins edit.</summary>
public partial class ProductListPage
{
    private MudTable<ProductListItem> table = default!;
    private string search = "";
    private string? category;
    private bool? active;
    private bool? inStock;
    private bool backOrdered;
    private bool canEdit;
    private long? expandedId;
    private ProductSort sort = ProductSort.Name;
    private bool descending;
    private IReadOnlyList<string> categories = [];

    [Inject]
    private ProductQueries Queries { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    private bool HasFilters => search.Length > 0 || category is not null || active is not null || inStock is not null || backOrdered;

    /// <summary>The current view (filters and sort) as a CSV download.</summary>
    private string ExportHref => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/products/export",
        new Dictionary<string, string?>
        {
            ["search"] = search.Length == 0 ? null : search,
            ["category"] = category,
            ["active"] = active?.ToString(),
            ["inStock"] = inStock?.ToString(),
            ["backOrdered"] = backOrdered ? "true" : null,
            ["sort"] = sort.ToString(),
            ["descending"] = descending ? "true" : null,
        }.Where(kv => kv.Value is not null));

    protected override async Task OnInitializedAsync()
    {
        canEdit = ProductsAccess.CanEdit(CurrentUser);
        categories = await Queries.CategoriesAsync();
    }

    private async Task<TableData<ProductListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (Enum.TryParse<ProductSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None)
        {
            sort = label;
            descending = state.SortDirection == SortDirection.Descending;
        }

        var page = await Queries.ListAsync(new ProductListQuery
        {
            Search = search.Length == 0 ? null : search,
            Category = category,
            Active = active,
            InStock = inStock,
            BackOrdered = backOrdered,
            Sort = sort,
            Descending = descending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);
        return new TableData<ProductListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    /// <summary>Opens (or closes) the panels other modules show for one product under its row.</summary>
    private void ToggleDetails(long productId) => expandedId = expandedId == productId ? null : productId;

    private Task SearchChangedAsync(string? value) => Reload(() => search = value?.Trim() ?? "");

    private Task CategoryChangedAsync(string? value) => Reload(() => category = value);

    private Task ActiveChangedAsync(bool? value) => Reload(() => active = value);

    private Task InStockChangedAsync(bool? value) => Reload(() => inStock = value);

    private Task BackOrderedChangedAsync(bool value) => Reload(() => backOrdered = value);

    private async Task Reload(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
