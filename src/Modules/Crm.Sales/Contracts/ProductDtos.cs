using Crm.Kernel.Api;

namespace Crm.Sales.Contracts;

/// <summary>What a Manager (or an integration) sends to create or change a product.</summary>
public sealed record ProductInput
{
    /// <summary>The product code (SKU, stock code): unique, 1 to 50 characters.</summary>
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Category { get; init; }

    public string? Description { get; init; }

    /// <summary>Price of one unit, in the company's currency (0 or more).</summary>
    public decimal ListPrice { get; init; }

    /// <summary>Cost of one unit (0 or more); leave empty when unknown.</summary>
    public decimal? UnitCost { get; init; }

    /// <summary>
    /// Units in stock (0 or more). A product whose stored stock is below zero (back orders) may be saved with that same
    /// value unchanged.
    /// </summary>
    public int StockOnHand { get; init; }

    /// <summary>Orders may take the stock below zero (back orders). Otherwise an order for more than is on hand is refused.</summary>
    public bool AllowBackorder { get; init; }

    public bool IsActive { get; init; } = true;
}

/// <summary>A product in full. <see cref="Version"/> is the ETag for If-Match on updates.</summary>
public sealed record ProductDetails(
    long Id, string Code, string Name, string? Category, string? Description, decimal ListPrice, decimal? UnitCost, int StockOnHand,
    bool IsActive, bool AllowBackorder, DateTime CreatedAtUtc, DateTime ModifiedAtUtc, Guid Version) : IVersioned;

/// <summary>A row of the product list.</summary>
public sealed record ProductListItem(
    long Id, string Code, string Name, string? Category, decimal ListPrice, decimal? UnitCost, int StockOnHand, bool IsActive, bool AllowBackorder);

/// <summary>The stock level an inventory system reports for a product.</summary>
public sealed record StockUpdate
{
    /// <summary>Units in stock now (0 or more).</summary>
    public int StockOnHand { get; init; }
}

/// <summary>The price (and cost) an ERP sets for a product.</summary>
public sealed record PriceUpdate
{
    /// <summary>Price of one unit (0 or more).</summary>
    public decimal ListPrice { get; init; }

    /// <summary>Cost of one unit (0 or more); null when unknown.</summary>
    public decimal? UnitCost { get; init; }
}

/// <summary>How the product list can be sorted.</summary>
public enum ProductSort
{
    Name,
    Code,
    Category,
    ListPrice,
    StockOnHand,
}
