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

    /// <summary>Units on the shelf; below zero only for a product that takes back orders (units owed to customers).</summary>
    public int StockOnHand { get; set; }

    /// <summary>Orders may take the stock below zero (back orders); otherwise an order needing more than is on hand is refused.</summary>
    public bool AllowBackorder { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>
    /// True when <paramref name="stockOnHand"/> is below zero and the count stored: units owed on back orders, which an edit
    /// saves unchanged (or the product could never be edited again), while a new negative count is refused.
    /// </summary>
    public bool KeepsOwedStock(int stockOnHand) => stockOnHand < 0 && stockOnHand == StockOnHand;

    /// <summary>True when <paramref name="units"/> may leave stock now: enough on hand, or back orders are allowed.</summary>
    public bool CanTake(int units) => AllowBackorder || units <= 0 || StockOnHand - units >= 0;
}
