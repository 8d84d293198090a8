using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;
using Crm.Sales.Features.Orders.Writing;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Orders.RecordReturn;

/// <summary>
/// Records goods coming back against a sale in one transaction: the return document planned by
/// <see cref="Order.PlanReturn"/> and built by <see cref="Order.RecordReturn"/>, the sale's new status, stock put back,
/// the timeline entry and <see cref="OrderChanged"/> in the outbox. A Manager, an Admin or the credited SalesRep.
/// </summary>
internal sealed class RecordReturnHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ReturnInputValidator returnValidator)
{
    /// <summary>
    /// Records goods coming back against a sale: a new order of kind Return with negative quantities (at most what was
    /// bought minus what came back already), the sale's status PartiallyReturned or Returned, stock back.
    /// Created with the return document's id (Unchanged for a replay of a stored return), or Invalid with the problems.
    /// </summary>
    public async Task<CommandResult<long>> ReturnAsync(long orderId, ReturnInput input, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        var validation = OrderContent.ToResult(await returnValidator.ValidateAsync(input, cancellationToken));
        var hash = OrderContent.HashOf(input);
        var externalId = OrderContent.Trim(input.ExternalId);
        Order? created = null;
        long? replayId = null;
        await using var outer = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = outer.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var order = await OrderStore.LoadSaleAsync(db, orderId, ct);
            SalesAccess.EnsureChangeOrder(currentUser, order.SalesRepId);
            if (!validation.Succeeded)
            {
                return;
            }

            if (externalId is not null && await db.Set<Order>().AsNoTracking().Where(o => o.ExternalId == externalId)
                    .Select(o => new { o.Id, o.ContentHash, o.OriginalOrderId }).SingleOrDefaultAsync(ct) is { } existing)
            {
                if (existing.ContentHash != hash || existing.OriginalOrderId != orderId)
                {
                    throw new ConflictException($"A document with external id '{externalId}' was already stored with different content.");
                }

                replayId = existing.Id;
                return;
            }

            var returned = await db.Set<Order>().Where(o => o.OriginalOrderId == orderId && o.Kind == OrderKind.Return)
                .SelectMany(o => o.Lines).Select(l => new { l.ProductCode, l.Quantity }).ToListAsync(ct);
            var plan = order.PlanReturn([.. returned.Select(r => (r.ProductCode, -r.Quantity))],
                [.. input.Lines!.Select(l => (l.ProductCode!, l.Quantity))]);
            if (!plan.Succeeded)
            {
                validation = new OperationResult(plan.Problems);
                return;
            }

            var returnCount = await db.Set<Order>().CountAsync(o => o.OriginalOrderId == orderId, ct);
            var number = order.OrderNumber.Length <= 44 ? $"{order.OrderNumber}-R{returnCount + 1}" : OrderContent.NewOrderNumber(Now());
            var document = order.RecordReturn(plan, number, externalId, hash, OrderContent.Trim(input.Notes), Now());
            db.Entry(order).Property(o => o.ModifiedAtUtc).IsModified = true; // bumps the version even when the status stays
            db.Add(document);
            await OrderStore.SaveOrConflictAsync(db, ct);
            await OrderStore.AdjustStockAsync(db, plan.Lines.Select(l => (l.Line.ProductId, l.Quantity)), +1, guarded: false, ct);
            if (document.CustomerId is { } customerId)
            {
                OrderStore.ReportOnTimeline(db, [new InteractionEntry(customerId, OrderContent.TimelineChannel(document.Channel),
                    InteractionDirection.Inbound, InteractionType.Order, document.OrderedAtUtc,
                    $"Return {document.OrderNumber} against order {order.OrderNumber}: {document.LineCount} {OrderStore.Lines(document.LineCount)}, {OrderContent.Money(document.Total)}",
                    Notes: document.Notes, OrderId: order.OrderNumber)]);
            }

            db.RaiseAfterCommit(new OrderChanged(order.Id, order.CustomerId, OrderChange.Returned, Now()));
            await transaction.CommitAsync(ct);
            created = document;
        }, cancellationToken);

        if (replayId is { } replay)
        {
            return CommandResult.Unchanged(replay);
        }

        return created is null ? CommandResult.Invalid<long>(validation) : CommandResult.Created(created.Id);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
