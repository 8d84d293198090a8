using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders.CancelOrder;
using Crm.Sales.Features.Orders.RecordReturn;
using Crm.Sales.Features.Shared;
using Crm.Ui.Formatting;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Orders;

/// <summary>One order: header, lines and totals, returns against it; cancel (with confirmation) and record a return.</summary>
public partial class OrderPage
{
    private OrderDto? order;
    private string? loadError;
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

    protected override async Task OnParametersSetAsync()
    {
        order = null;
        loadError = null;
        try
        {
            await LoadAsync();
        }
        catch (NotFoundException ex)
        {
            loadError = ex.Message;
        }
        catch (ForbiddenException ex)
        {
            loadError = ex.Message;
        }
    }

    private async Task LoadAsync()
    {
        order = await Queries.GetAsync(Id);
        canChange = SalesAccess.CanChangeOrder(CurrentUser, order.SalesRepId);
        repName = order.SalesRepId is { } rep ? (await Users.NamesAsync([rep])).GetValueOrDefault(rep) : null;
    }

    private async Task CancelAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this order?",
            $"Order {order!.OrderNumber} ({Display.Money(order.Total)}) will be cancelled as a whole and its goods put back in stock. This cannot be undone.",
            yesText: "Cancel order", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            var cancelled = await CancelOrder.CancelAsync(Id, order.Version);
            Snackbar.Add(cancelled.Succeeded ? "Order cancelled." : cancelled.Message ?? "The order could not be cancelled.",
                cancelled.Succeeded ? Severity.Success : Severity.Warning);
        }
        catch (ForbiddenException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private async Task ReturnAsync()
    {
        var dialog = await Dialogs.ShowAsync<ReturnOrderDialog>("Record a return",
            new DialogParameters<ReturnOrderDialog> { { d => d.Order, order } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Return recorded.", Severity.Success);
            await LoadAsync();
        }
    }
}
