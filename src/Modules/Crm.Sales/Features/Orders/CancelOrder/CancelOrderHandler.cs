using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders;
using Crm.Sales.Features.Orders.Writing;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Orders.CancelOrder;

/// <summary>
/// Cancels a whole sale in one transaction: the order's status (its rule is <see cref="Domain.Order.Cancel"/>), its stock put
/// back, the timeline entry and <see cref="OrderChanged"/> in the outbox. A Manager, an Admin or the credited SalesRep.
/// </summary>
internal sealed class CancelOrderHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>
    /// Cancels a whole sale (only while nothing has been returned): status Cancelled, stock back, timeline entry. Done with
    /// the order's id; Unchanged when it was cancelled already; Conflict when it has returns or changed since
    /// <paramref name="expectedVersion"/>. An unknown order or one the user may not change is an exception (404, 403).
    /// </summary>
    public async Task<CommandResult<long>> CancelAsync(long orderId, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        await using var outer = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = outer.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var order = await OrderStore.LoadSaleAsync(db, orderId, ct);
            SalesAccess.EnsureChangeOrder(currentUser, order.SalesRepId);
            if (expectedVersion is { } version && version != order.Version)
            {
                return CommandResult.Conflict<long>("The order changed since you read it. Reload it and try again.");
            }

            if (order.CancelRefusal is { } refusal)
            {
                return CommandResult.Conflict<long>(refusal);
            }

            if (!order.Cancel())
            {
                return CommandResult.Unchanged(order.Id); // cancelling twice changes nothing
            }

            await OrderStore.SaveOrConflictAsync(db, ct);
            await OrderStore.AdjustStockAsync(db, order.Lines.Select(l => (l.ProductId, l.Quantity)), +1, guarded: false, ct);
            if (order.CustomerId is { } customerId)
            {
                OrderStore.ReportOnTimeline(db, [new InteractionEntry(customerId, OrderContent.TimelineChannel(order.Channel),
                    InteractionDirection.Inbound, InteractionType.Order, Now(),
                    $"Order {order.OrderNumber} cancelled: {order.LineCount} {OrderStore.Lines(order.LineCount)}, {OrderContent.Money(order.Total)}",
                    OrderId: order.OrderNumber)]);
            }

            db.RaiseAfterCommit(new OrderChanged(order.Id, order.CustomerId, OrderChange.Cancelled, Now()));
            await transaction.CommitAsync(ct);
            return CommandResult.Done(order.Id);
        }, cancellationToken);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
