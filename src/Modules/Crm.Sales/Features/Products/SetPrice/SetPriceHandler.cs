using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products.SetPrice;

/// <summary>
/// Sets the list price and unit cost of the product with a code, as the ERP holds them (Managers and Admins). The ERP is
/// the source of truth: no version check. Done with the code, or Invalid; an unknown code is a 404.
/// </summary>
internal sealed class SetPriceHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<string>> SetPriceAsync(string code, decimal listPrice, decimal? unitCost, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        var errors = new List<ValidationError>();
        if (!ProductInputValidator.BeAnAmount(listPrice))
        {
            errors.Add(new ValidationError(nameof(PriceUpdate.ListPrice), "The list price must be 0 or more, with at most 4 decimals."));
        }

        if (unitCost is { } cost && !ProductInputValidator.BeAnAmount(cost))
        {
            errors.Add(new ValidationError(nameof(PriceUpdate.UnitCost), "The unit cost must be 0 or more, with at most 4 decimals (null when unknown)."));
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid<string>(new OperationResult(errors));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await ProductStore.UpdateByCodeAsync(db, code, currentUser.ActorId, clock.GetUtcNow().UtcDateTime,
            s => s.SetProperty(p => p.ListPrice, listPrice).SetProperty(p => p.UnitCost, unitCost), cancellationToken);
        return CommandResult.Done(code);
    }
}
