using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders.CancelOrder;
using Crm.Sales.Features.Orders.RecordReturn;
using Crm.Sales.Features.Shared;
using Crm.Ui.Feedback;
using Crm.Ui.Formatting;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Orders;

/// <summary>One order: header, lines and totals, returns against it; cancel (with confirmation) and record a return.</summary>
public partial class OrderPage
{
    private readonly PageLoad<OrderDto> load = new();
    private string? repName;
    private bool canChange;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private OrderQueries Queries { get; set; } = default!;

    [Inject]
    private CancelOrderHandler CancelOrder { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private OrderDto? Current => load.Value;

    protected override async Task OnParametersSetAsync()
    {
        load.Reset();
        await load.RunAsync(LoadAsync);
    }

    private async Task<OrderDto> LoadAsync()
    {
        var order = await Queries.GetAsync(Id);
        canChange = SalesAccess.CanChangeOrder(CurrentUser, order.SalesRepId);
        repName = order.SalesRepId is { } rep ? (await Users.NamesAsync([rep])).GetValueOrDefault(rep) : null;
        return order;
    }

    private async Task CancelAsync()
    {
        var order = Current!;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this order?",
            $"Order {order.OrderNumber} ({Display.Money(order.Total)}) will be cancelled as a whole and its goods put back in stock. This cannot be undone.",
            yesText: "Cancel order", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        await Snackbar.RunAsync(() => CancelOrder.CancelAsync(Id, order.Version), "Order cancelled.");
        await load.RunAsync(LoadAsync);
    }

    private async Task ReturnAsync()
    {
        var dialog = await Dialogs.ShowAsync<ReturnOrderDialog>("Record a return",
            new DialogParameters<ReturnOrderDialog> { { d => d.Order, Current } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Done("Return recorded.");
            await load.RunAsync(LoadAsync);
        }
    }
}
