using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products.UpdateProduct;

/// <summary>
/// Changes a product read at a version (Managers and Admins): Done with its id, or Invalid. A newer save by someone else is
/// a <see cref="ConflictException"/> (412 through <c>[IfMatch]</c>), never an overwrite.
/// </summary>
internal sealed class UpdateProductHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> UpdateAsync(long id, ProductInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.Set<Product>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No product with id {id}.");
        var checkedInput = product.KeepsOwedStock(input.StockOnHand) ? input with { StockOnHand = 0 } : input;
        var validation = OperationResult.From(await ProductStore.Validator.ValidateAsync(checkedInput, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        if (await ProductStore.CodeTakenAsync(db, input.Code.Trim(), id, cancellationToken))
        {
            return CommandResult.Invalid<long>(ProductStore.CodeTaken(input.Code.Trim()));
        }

        db.Entry(product).Property(p => p.Version).OriginalValue = expectedVersion;
        ProductStore.Apply(product, input);
        db.Entry(product).Property(p => p.ModifiedAtUtc).IsModified = true;
        await ProductStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
