using Crm.Contacts.Contracts;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Shared;
using Microsoft.AspNetCore.Components;

namespace Crm.Sales.Features.Orders;

/// <summary>The customer's orders on their 360° page, with a "New order" button for those who may place one.</summary>
public partial class CustomerOrdersPanel
{
    private const int PanelSize = 20;

    private PagedResult<OrderListItem>? result;
    private decimal purchases;
    private bool canCreate;

    [Parameter]
    public long CustomerId { get; set; }

    [Inject]
    private OrderQueries Queries { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        canCreate = SalesAccess.CanCreateOrder(CurrentUser);
        result = SalesAccess.CanRead(CurrentUser) ? await Queries.ListByCustomerAsync(CustomerId, 0, PanelSize) : new PagedResult<OrderListItem>([], 0, 0, PanelSize);
        purchases = SalesAccess.CanRead(CurrentUser) ? await Queries.PurchasesOfAsync(CustomerId) : 0;
    }
}
