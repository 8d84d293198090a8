using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products.SetStock;

/// <summary>
/// Sets the stock of the product with a code, as the inventory system counts it (Managers and Admins). The inventory
/// system is the source of truth: no version check. Done with the code, or Invalid; an unknown code is a 404.
/// </summary>
internal sealed class SetStockHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<string>> SetStockAsync(string code, int stockOnHand, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        if (stockOnHand < 0)
        {
            return CommandResult.Invalid<string>(OperationResult.Failure(nameof(StockUpdate.StockOnHand), "Stock on hand cannot be negative."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await ProductStore.UpdateByCodeAsync(db, code, currentUser.ActorId, clock.GetUtcNow().UtcDateTime,
            s => s.SetProperty(p => p.StockOnHand, stockOnHand), cancellationToken);
        return CommandResult.Done(code);
    }
}
