using Crm.Kernel.Auditing;
using Crm.Sales.Contracts;

namespace Crm.Sales.Domain;

/// <summary>
/// An order document: a sale, or a return or cancellation recorded against one. Totals are computed when the order is
/// written (never in SQL arithmetic) so lists, dashboards and analytics only sum and sort stored amounts.
/// </summary>
internal sealed class Order : AuditableEntity
{
    public long Id { get; set; }

    /// <summary>The number people see and quote ("SO-..." or the source system's invoice number).</summary>
    public string OrderNumber { get; set; } = "";

    /// <summary>The id the source system (web shop, ERP, an import) gives the order; unique when set: a replay finds it.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Hash of the order's content as first received: a replay with the same id and other content is a conflict.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>The Contacts customer (plain id, no foreign key across modules); null for anonymous baskets.</summary>
    public long? CustomerId { get; set; }

    public SalesChannel Channel { get; set; }

    public OrderKind Kind { get; set; }

    public OrderStatus Status { get; set; }

    public DateTime OrderedAtUtc { get; set; }

    /// <summary>For a return or cancellation: the sale it is recorded against (null when the source does not say).</summary>
    public long? OriginalOrderId { get; set; }

    /// <summary>The user credited with the sale (the rep who placed it, or the customer's owner).</summary>
    public string? SalesRepId { get; set; }

    /// <summary>Where it came from: ui, api, or the import format.</summary>
    public string Source { get; set; } = "";

    public string? Notes { get; set; }

    /// <summary>Sum of all line amounts (negative for returns and cancellations).</summary>
    public decimal Total { get; set; }

    /// <summary>True for a sale that counts as a purchase: not cancelled, at least one line of positive quantity.</summary>
    public bool IsPurchase { get; set; }

    /// <summary>Sum of the positive-quantity line amounts (what RFM's monetary value and CLV count).</summary>
    public decimal PurchaseAmount { get; set; }

    /// <summary>Cost of goods of the positive-quantity lines; null when any of their unit costs is unknown.</summary>
    public decimal? PurchaseCost { get; set; }

    public int LineCount { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>Recomputes the stored totals from the lines and status.</summary>
    public void Recalculate()
    {
        LineCount = Lines.Count;
        Total = Lines.Sum(l => l.Amount);
        var positive = Lines.Where(l => l.Quantity > 0).ToList();
        IsPurchase = Kind == OrderKind.Sale && Status != OrderStatus.Cancelled && positive.Count > 0;
        PurchaseAmount = IsPurchase ? positive.Sum(l => l.Amount) : 0;
        PurchaseCost = !IsPurchase ? 0 : positive.All(l => l.UnitCost is not null) ? positive.Sum(l => l.Quantity * l.UnitCost!.Value) : null;
    }
}

internal sealed class OrderLine
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public int LineNumber { get; set; }

    /// <summary>The catalogue product, when the code is known to it.</summary>
    public long? ProductId { get; set; }

    public string ProductCode { get; set; } = "";

    public string ProductName { get; set; } = "";

    /// <summary>Negative on returns and cancellations.</summary>
    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    /// <summary>Discount on the whole line (an amount, not a rate).</summary>
    public decimal Discount { get; set; }

    /// <summary>Unit cost at the time of sale (profitability), when known.</summary>
    public decimal? UnitCost { get; set; }

    /// <summary>Quantity x unit price - discount, computed on write.</summary>
    public decimal Amount { get; set; }

    public static decimal AmountOf(decimal quantity, decimal unitPrice, decimal discount) =>
        decimal.Round(quantity * unitPrice - discount, 4, MidpointRounding.AwayFromZero);
}
