using Crm.Kernel.Auditing;

namespace Crm.Sales.Domain;

/// <summary>Something the company sells: price for quotes and orders, unit cost for profitability, stock for the people on the phone.</summary>
internal sealed class Product : AuditableEntity
{
    public long Id { get; set; }

    /// <summary>The product code (SKU, stock code); unique.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Upper-case, accent-free name: what search uses (indexed).</summary>
    public string SearchName { get; set; } = "";

    public string? Category { get; set; }

    public string? Description { get; set; }

    public decimal ListPrice { get; set; }

    /// <summary>Cost of one unit; null when unknown (profit figures then leave the product out).</summary>
    public decimal? UnitCost { get; set; }

    public int StockOnHand { get; set; }

    public bool IsActive { get; set; } = true;
}
