using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Knowledge;

/// <summary>The article list: search by words, filters by category, visibility and (writers) status, sort and paging.</summary>
public partial class ArticleListPage
{
    private MudTable<ArticleListItem> table = default!;
    private IReadOnlyList<string> categories = [];
    private string search = "";
    private string? category;
    private ArticleVisibility? visibility;
    private ArticleStatus? status;
    private bool isWriter;

    [Inject]
    private ArticleQueries Queries { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string EmptyText => search.Length > 0 || category is not null || visibility is not null || status is not null
        ? "No articles match these filters."
        : isWriter
            ? "No articles yet. Write the first one with New article: the answers your customers ask for most."
            : "No published articles yet.";

    protected override async Task OnInitializedAsync()
    {
        isWriter = KnowledgeAccess.IsWriter(CurrentUser);
        categories = await Queries.CategoriesAsync();
    }

    private static string StatusText(ArticleListItem article) => article.Status switch
    {
        ArticleStatus.Draft => "Draft",
        _ when article.HasUnpublishedChanges => $"Revision {article.PublishedRevision}, changes not published",
        _ => $"Revision {article.PublishedRevision}",
    };

    private async Task<TableData<ArticleListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<ArticleSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : ArticleSort.Updated;
        var page = await Queries.ListAsync(new ArticleListQuery
        {
            Search = string.IsNullOrWhiteSpace(search) ? null : search,
            Category = category,
            Visibility = visibility,
            Status = status,
            Sort = sort,
            Descending = state.SortDirection != SortDirection.Ascending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);
        return new TableData<ArticleListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void Open(TableRowClickEventArgs<ArticleListItem> row) => Navigation.NavigateTo($"/kb/{row.Item!.Id}");

    private Task SearchChangedAsync(string? value) => ReloadAsync(() => search = value ?? "");

    private Task CategoryChangedAsync(string? value) => ReloadAsync(() => category = value);

    private Task VisibilityChangedAsync(ArticleVisibility? value) => ReloadAsync(() => visibility = value);

    private Task StatusChangedAsync(ArticleStatus? value) => ReloadAsync(() => status = value);

    private async Task ReloadAsync(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
