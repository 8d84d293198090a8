using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Sales.Features.Products;

/// <summary>What the product use cases share: the validator, copying input onto a product, unique codes, saving under its version.</summary>
internal static class ProductStore
{
    public static readonly ProductInputValidator Validator = new();

    public static void Apply(Product product, ProductInput input)
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

    public static Task<bool> CodeTakenAsync(CrmDbContext db, string code, long? selfId, CancellationToken cancellationToken) =>
        db.Set<Product>().AnyAsync(p => p.Code == code && p.Id != selfId, cancellationToken);

    public static OperationResult CodeTaken(string code) =>
        OperationResult.Failure(nameof(ProductInput.Code), $"Another product already has the code '{code}'. Product codes are unique.");

    /// <summary>
    /// Sets what <paramref name="set"/> names on the product with <paramref name="code"/> in one UPDATE, with a new version
    /// and who changed it when (for systems that are the source of truth: no version check). An unknown code is a 404.
    /// </summary>
    public static async Task UpdateByCodeAsync(
        CrmDbContext db, string code, string actor, DateTime nowUtc, Action<UpdateSettersBuilder<Product>> set, CancellationToken cancellationToken)
    {
        var version = Guid.NewGuid();
        var changed = await db.Set<Product>().Where(p => p.Code == code).ExecuteUpdateAsync(s =>
        {
            set(s);
            s.SetProperty(p => p.ModifiedAtUtc, nowUtc).SetProperty(p => p.ModifiedBy, actor).SetProperty(p => p.Version, version);
        }, cancellationToken);
        if (changed == 0)
        {
            throw new NotFoundException($"No product with code '{code}'.");
        }
    }

    public static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this product since you opened it. Reload it to see their changes, then make yours again.", cancellationToken);
}
