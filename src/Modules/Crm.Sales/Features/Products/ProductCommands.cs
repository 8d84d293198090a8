using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products;

/// <summary>The outcome of saving a product: its id, or the validation problems (nothing was changed then).</summary>
internal sealed record SaveProductResult(long? Id, OperationResult Validation)
{
    public bool Saved => Id is not null;
}

/// <summary>
/// Creates and changes products, and sets stock and price for inventory and ERP systems. Managers and Admins only (checked
/// here, not only in the UI). An edit based on a stale version is a <see cref="ConflictException"/>, never an overwrite.
/// </summary>
internal sealed class ProductCommands(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly ProductInputValidator Validator = new();

    public async Task<SaveProductResult> CreateAsync(ProductInput input, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return new SaveProductResult(null, validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await CodeTakenAsync(db, input.Code.Trim(), null, cancellationToken))
        {
            return new SaveProductResult(null, CodeTaken(input.Code.Trim()));
        }

        var product = new Product();
        Apply(product, input);
        db.Add(product);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created by someone else between the check and the insert?
            await using var check = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            if (await CodeTakenAsync(check, product.Code, null, CancellationToken.None))
            {
                return new SaveProductResult(null, CodeTaken(product.Code));
            }

            throw;
        }

        return new SaveProductResult(product.Id, OperationResult.Success);
    }

    /// <summary>Changes a product read at <paramref name="expectedVersion"/>; a newer save by someone else is a <see cref="ConflictException"/>.</summary>
    public async Task<SaveProductResult> UpdateAsync(long id, ProductInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var product = await db.Set<Product>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No product with id {id}.");
        // Back orders leave stock below zero; saving it unchanged must work, or the product could never be edited again.
        var checkedInput = input.StockOnHand < 0 && input.StockOnHand == product.StockOnHand ? input with { StockOnHand = 0 } : input;
        var validation = OperationResult.From(await Validator.ValidateAsync(checkedInput, cancellationToken));
        if (!validation.Succeeded)
        {
            return new SaveProductResult(null, validation);
        }

        if (await CodeTakenAsync(db, input.Code.Trim(), id, cancellationToken))
        {
            return new SaveProductResult(null, CodeTaken(input.Code.Trim()));
        }

        db.Entry(product).Property(p => p.Version).OriginalValue = expectedVersion;
        Apply(product, input);
        db.Entry(product).Property(p => p.ModifiedAtUtc).IsModified = true;
        await SaveOrConflictAsync(db, cancellationToken);
        return new SaveProductResult(id, OperationResult.Success);
    }

    /// <summary>Sets the stock of the product with this code (the inventory system is the source of truth: no version check).</summary>
    public async Task<OperationResult> SetStockAsync(string code, int stockOnHand, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureEdit(currentUser);
        if (stockOnHand < 0)
        {
            return OperationResult.Failure(nameof(StockUpdate.StockOnHand), "Stock on hand cannot be negative.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = Guid.NewGuid();
        var actor = currentUser.ActorId;
        var changed = await db.Set<Product>().Where(p => p.Code == code)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.StockOnHand, stockOnHand)
                .SetProperty(p => p.ModifiedAtUtc, now).SetProperty(p => p.ModifiedBy, actor).SetProperty(p => p.Version, version), cancellationToken);
        return changed == 0 ? throw new NotFoundException($"No product with code '{code}'.") : OperationResult.Success;
    }

    /// <summary>Sets list price and unit cost of the product with this code (the ERP is the source of truth: no version check).</summary>
    public async Task<OperationResult> SetPriceAsync(string code, decimal listPrice, decimal? unitCost, CancellationToken cancellationToken = default)
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
            return new OperationResult(errors);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = Guid.NewGuid();
        var actor = currentUser.ActorId;
        var changed = await db.Set<Product>().Where(p => p.Code == code)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ListPrice, listPrice).SetProperty(p => p.UnitCost, unitCost)
                .SetProperty(p => p.ModifiedAtUtc, now).SetProperty(p => p.ModifiedBy, actor).SetProperty(p => p.Version, version), cancellationToken);
        return changed == 0 ? throw new NotFoundException($"No product with code '{code}'.") : OperationResult.Success;
    }

    internal static void Apply(Product product, ProductInput input)
    {
        product.Code = input.Code.Trim();
        product.Name = input.Name.Trim();
        product.SearchName = SalesText.SearchKey(product.Name);
        product.Category = string.IsNullOrWhiteSpace(input.Category) ? null : input.Category.Trim();
        product.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        product.ListPrice = input.ListPrice;
        product.UnitCost = input.UnitCost;
        product.StockOnHand = input.StockOnHand;
        product.IsActive = input.IsActive;
        product.AllowBackorder = input.AllowBackorder;
    }

    private static Task<bool> CodeTakenAsync(CrmDbContext db, string code, long? selfId, CancellationToken cancellationToken) =>
        db.Set<Product>().AnyAsync(p => p.Code == code && p.Id != selfId, cancellationToken);

    private static OperationResult CodeTaken(string code) =>
        OperationResult.Failure(nameof(ProductInput.Code), $"Another product already has the code '{code}'. Product codes are unique.");

    private static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this product since you opened it. Reload it to see their changes, then make yours again.", cancellationToken);
}
