using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Products;

/// <summary>A page of the product list: search (code or name), filters, sort.</summary>
internal sealed record ProductListQuery
{
    /// <summary>Matches the start of the code, or any part of the name (case and accents ignored).</summary>
    public string? Search { get; init; }

    public string? Category { get; init; }

    /// <summary>True: active only; false: inactive only; null: both.</summary>
    public bool? Active { get; init; }

    /// <summary>True: stock on hand above 0; false: none in stock; null: both.</summary>
    public bool? InStock { get; init; }

    /// <summary>True: only products with stock below zero (the back-order report).</summary>
    public bool BackOrdered { get; init; }

    public ProductSort Sort { get; init; } = ProductSort.Name;

    public bool Descending { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>A product a customer bought: how much, when last, and the product's current price and stock.</summary>
internal sealed record CustomerProductRow(
    long? ProductId, string Code, string Name, decimal Quantity, decimal Revenue, int Orders, DateTime LastOrderedAtUtc, decimal? ListPrice, int? StockOnHand);

/// <summary>Reads the catalogue: everyone signed in may.</summary>
internal sealed class ProductQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public const int MaxPageSize = 500;

    public async Task<PagedResult<ProductListItem>> ListAsync(ProductListQuery query, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureRead(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var products = Filter(db.Set<Product>().AsNoTracking(), query);
        var total = await products.CountAsync(cancellationToken);
        var items = await Sort(products, query.Sort, query.Descending)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(p => new ProductListItem(p.Id, p.Code, p.Name, p.Category, p.ListPrice, p.UnitCost, p.StockOnHand, p.IsActive, p.AllowBackorder))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProductListItem>(items, total, page, pageSize);
    }

    public async Task<ProductDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Details(db.Set<Product>().Where(p => p.Id == id)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No product with id {id}.");
    }

    public async Task<ProductDetails> GetByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trimmed = code.Trim();
        return await Details(db.Set<Product>().Where(p => p.Code == trimmed)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No product with code '{trimmed}'.");
    }

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Product>().Where(p => p.Category != null).Select(p => p.Category!).Distinct().OrderBy(c => c)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The products a customer bought (lines of positive quantity on their sales that are not cancelled), most recent
    /// first, with today's price and stock from the catalogue.
    /// </summary>
    public async Task<IReadOnlyList<CustomerProductRow>> BoughtByCustomerAsync(long customerId, int limit, CancellationToken cancellationToken = default)
    {
        ProductsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cancelled = OrderStatus.Cancelled;
        var sale = OrderKind.Sale;
        var bought = await (
                from l in db.Set<OrderLine>()
                join o in db.Set<Order>() on l.OrderId equals o.Id
                where o.CustomerId == customerId && o.Kind == sale && o.Status != cancelled && l.Quantity > 0
                group new { l.Quantity, l.Amount, o.OrderedAtUtc, l.OrderId, l.ProductName } by l.ProductCode into g
                select new
                {
                    ProductCode = g.Key,
                    Name = g.Max(x => x.ProductName),
                    Quantity = g.Sum(x => x.Quantity),
                    Revenue = g.Sum(x => x.Amount),
                    Orders = g.Select(x => x.OrderId).Distinct().Count(),
                    Last = g.Max(x => x.OrderedAtUtc),
                })
            .OrderByDescending(x => x.Last).Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        var codes = bought.Select(b => b.ProductCode).ToList();
        var catalogue = await db.Set<Product>().Where(p => codes.Contains(p.Code))
            .Select(p => new { p.Id, p.Code, p.Name, p.ListPrice, p.StockOnHand }).ToDictionaryAsync(p => p.Code, cancellationToken);
        return [.. bought.Select(b =>
        {
            var product = catalogue.GetValueOrDefault(b.ProductCode);
            return new CustomerProductRow(product?.Id, b.ProductCode, product?.Name ?? b.Name ?? b.ProductCode,
                b.Quantity, b.Revenue, b.Orders, b.Last, product?.ListPrice, product?.StockOnHand);
        })];
    }

    private static IQueryable<Product> Filter(IQueryable<Product> products, ProductListQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var code = query.Search.Trim();
            var key = SalesText.SearchKey(query.Search);
            products = products.Where(p => p.Code.StartsWith(code) || p.SearchName.Contains(key));
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var category = query.Category.Trim();
            products = products.Where(p => p.Category == category);
        }

        if (query.Active is { } active)
        {
            products = products.Where(p => p.IsActive == active);
        }

        if (query.InStock is { } inStock)
        {
            products = inStock ? products.Where(p => p.StockOnHand > 0) : products.Where(p => p.StockOnHand <= 0);
        }

        if (query.BackOrdered)
        {
            products = products.Where(p => p.StockOnHand < 0);
        }

        return products;
    }

    private static IQueryable<Product> Sort(IQueryable<Product> products, ProductSort sort, bool descending) => (sort, descending) switch
    {
        (ProductSort.Code, false) => products.OrderBy(p => p.Code),
        (ProductSort.Code, true) => products.OrderByDescending(p => p.Code),
        (ProductSort.Category, false) => products.OrderBy(p => p.Category).ThenBy(p => p.SearchName).ThenBy(p => p.Id),
        (ProductSort.Category, true) => products.OrderByDescending(p => p.Category).ThenBy(p => p.SearchName).ThenBy(p => p.Id),
        (ProductSort.ListPrice, false) => products.OrderBy(p => p.ListPrice).ThenBy(p => p.Id),
        (ProductSort.ListPrice, true) => products.OrderByDescending(p => p.ListPrice).ThenBy(p => p.Id),
        (ProductSort.StockOnHand, false) => products.OrderBy(p => p.StockOnHand).ThenBy(p => p.Id),
        (ProductSort.StockOnHand, true) => products.OrderByDescending(p => p.StockOnHand).ThenBy(p => p.Id),
        (_, true) => products.OrderByDescending(p => p.SearchName).ThenByDescending(p => p.Id),
        _ => products.OrderBy(p => p.SearchName).ThenBy(p => p.Id),
    };

    private static IQueryable<ProductDetails> Details(IQueryable<Product> products) => products.AsNoTracking()
        .Select(p => new ProductDetails(p.Id, p.Code, p.Name, p.Category, p.Description, p.ListPrice, p.UnitCost, p.StockOnHand, p.IsActive, p.AllowBackorder,
            p.CreatedAtUtc, p.ModifiedAtUtc, p.Version));
}
