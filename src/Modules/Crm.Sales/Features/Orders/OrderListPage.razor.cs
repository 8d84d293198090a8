using Crm.Contacts.Contracts;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Orders;

/// <summary>All orders and returns: server-side paging and sort, filters by status, channel, document kind and date, search.</summary>
public partial class OrderListPage
{
    private MudTable<OrderListItem> table = default!;
    private string search = "";
    private OrderStatus? status;
    private SalesChannel? channel;
    private OrderKind? kind;
    private DateRange? dates;
    private bool canCreate;
    private string? customerName;

    [SupplyParameterFromQuery(Name = "customerId")]
    private long? CustomerId { get; set; }

    [Inject]
    private OrderQueries Queries { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private bool HasFilters => search.Length > 0 || status is not null || channel is not null || kind is not null || dates is not null || CustomerId is not null;

    protected override async Task OnInitializedAsync()
    {
        canCreate = SalesAccess.CanCreateOrder(CurrentUser);
        customerName = CustomerId is { } id ? (await Customers.FindAsync(id))?.DisplayName : null;
    }

    private async Task<TableData<OrderListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<OrderSort>(state.SortLabel, out var label) && state.SortDirection != SortDirection.None ? label : OrderSort.OrderedAt;
        var descending = state.SortDirection != SortDirection.Ascending;
        var page = await Queries.ListAsync(new OrderListQuery
        {
            Search = search,
            Status = status,
            Channel = channel,
            Kind = kind,
            FromUtc = dates?.Start?.Date.ToUniversalTime(),
            ToUtc = dates?.End?.Date.AddDays(1).ToUniversalTime(),
            CustomerId = CustomerId,
            Sort = sort,
            Descending = descending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);
        return new TableData<OrderListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void Open(TableRowClickEventArgs<OrderListItem> row) => Navigation.NavigateTo($"/orders/{row.Item!.Id}");

    private Task SearchChangedAsync(string? value) => ReloadAsync(() => search = value ?? "");

    private Task StatusChangedAsync(OrderStatus? value) => ReloadAsync(() => status = value);

    private Task ChannelChangedAsync(SalesChannel? value) => ReloadAsync(() => channel = value);

    private Task KindChangedAsync(OrderKind? value) => ReloadAsync(() => kind = value);

    private Task DatesChangedAsync(DateRange? value) => ReloadAsync(() => dates = value);

    private Task ClearCustomerAsync(MudChip<string> chip) => ReloadAsync(() => CustomerId = null);

    private async Task ReloadAsync(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
