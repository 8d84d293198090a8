using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products.CreateProduct;

/// <summary>Creates a product (Managers and Admins, checked here): Created with its id, or Invalid (a code already taken too).</summary>
internal sealed class CreateProductHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> CreateAsync(ProductInput input, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        var validation = OperationResult.From(await ProductStore.Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ProductStore.CodeTakenAsync(db, input.Code.Trim(), null, cancellationToken))
        {
            return CommandResult.Invalid<long>(ProductStore.CodeTaken(input.Code.Trim()));
        }

        var product = new Product();
        ProductStore.Apply(product, input);
        db.Add(product);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created by someone else between the check and the insert?
            await using var check = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            if (await ProductStore.CodeTakenAsync(check, product.Code, null, CancellationToken.None))
            {
                return CommandResult.Invalid<long>(ProductStore.CodeTaken(product.Code));
            }

            throw;
        }

        return CommandResult.Created(product.Id);
    }
}
