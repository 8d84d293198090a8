using Crm.Contacts.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Merge;

/// <summary>Managers review likely duplicate customers across the whole base, a page at a time, and open a pair to merge it.</summary>
public partial class DuplicatesPage
{
    private MudTable<DuplicatePair> table = default!;

    [Inject]
    private DuplicateReview Review { get; set; } = default!;

    private async Task<TableData<DuplicatePair>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Review.ListAsync(state.Page, state.PageSize, cancellationToken);
        return new TableData<DuplicatePair> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task ReloadAsync() => table.ReloadServerData();
}
