using Crm.Kernel.Api;

namespace Crm.Sales.Contracts;

/// <summary>
/// An order as a web shop, an ERP or a person sends it. Name the customer either by <see cref="CustomerId"/> or by a
/// <see cref="Customer"/> block (matched by external id, then email, else created). Send <see cref="ExternalId"/> (the
/// source system's id) so a replay of the same order is stored once.
/// </summary>
public sealed record OrderInput
{
    /// <summary>The source system's id of the order; unique. The same id with the same content returns the stored order.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The number people quote; generated ("SO-...") when empty.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>An existing eCRM customer. Leave empty and send <see cref="Customer"/> instead to match or create one.</summary>
    public long? CustomerId { get; init; }

    /// <summary>Who bought, when the source does not know the eCRM customer id.</summary>
    public OrderCustomerInput? Customer { get; init; }

    public SalesChannel Channel { get; init; } = SalesChannel.WebShop;

    /// <summary>When the order was placed (UTC); defaults to now.</summary>
    public DateTime? OrderedAtUtc { get; init; }

    public string? Notes { get; init; }

    /// <summary>One line per product; 1 to 500 lines.</summary>
    public IReadOnlyList<OrderLineInput>? Lines { get; init; } = [];
}

/// <summary>A buyer named by the source system: found by external id, then by email, else created as a new customer.</summary>
public sealed record OrderCustomerInput
{
    public string? ExternalId { get; init; }

    public string? Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? CompanyName { get; init; }

    public string? Phone { get; init; }

    public string? Country { get; init; }
}

/// <summary>One product on an order. Price defaults to the product's list price, unit cost to the product's unit cost.</summary>
public sealed record OrderLineInput
{
    /// <summary>The product's code in the catalogue.</summary>
    public string? ProductCode { get; init; }

    /// <summary>How many; more than zero.</summary>
    public decimal Quantity { get; init; }

    /// <summary>Price of one unit; the product's list price when empty.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>Discount on the whole line, as an amount (not a rate).</summary>
    public decimal? Discount { get; init; }

    /// <summary>Cost of one unit at the time of sale; the product's unit cost when empty.</summary>
    public decimal? UnitCost { get; init; }
}

/// <summary>Goods coming back: which products and how many, against the order named in the URL.</summary>
public sealed record ReturnInput
{
    /// <summary>The source system's id of the return, so a replay records it once.</summary>
    public string? ExternalId { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<ReturnLineInput>? Lines { get; init; } = [];
}

/// <summary>A returned quantity (positive) of a product on the original order.</summary>
public sealed record ReturnLineInput(string? ProductCode, decimal Quantity);

public sealed record OrderLineDto(
    int LineNumber, long? ProductId, string ProductCode, string ProductName, decimal Quantity, decimal UnitPrice, decimal Discount,
    decimal? UnitCost, decimal Amount);

/// <summary>An order document (a sale or a return) in full, with the returns recorded against it.</summary>
public sealed record OrderDto(
    long Id,
    string OrderNumber,
    string? ExternalId,
    long? CustomerId,
    string? CustomerName,
    SalesChannel Channel,
    OrderKind Kind,
    OrderStatus Status,
    DateTime OrderedAtUtc,
    long? OriginalOrderId,
    string? OriginalOrderNumber,
    string? SalesRepId,
    string Source,
    string? Notes,
    decimal Total,
    bool IsPurchase,
    decimal PurchaseAmount,
    decimal? PurchaseCost,
    int LineCount,
    IReadOnlyList<OrderLineDto> Lines,
    IReadOnlyList<OrderListItem> Returns,
    DateTime CreatedAtUtc,
    Guid Version) : IVersioned;

/// <summary>One row of an order list.</summary>
public sealed record OrderListItem(
    long Id, string OrderNumber, string? ExternalId, long? CustomerId, string? CustomerName, SalesChannel Channel, OrderKind Kind,
    OrderStatus Status, DateTime OrderedAtUtc, decimal Total, int LineCount, string? SalesRepId);

/// <summary>How order lists can be sorted.</summary>
public enum OrderSort
{
    OrderedAt,
    OrderNumber,
    Total,
    Status,
}

/// <summary>Outcome of one order of a bulk call: <c>created</c>, <c>unchanged</c> (a replay of a stored order) or <c>rejected</c>.</summary>
public sealed record BulkOrderItemResult(int Index, string Status, long? Id, string? OrderNumber, IDictionary<string, string[]>? Errors)
{
    public const string Created = "created";
    public const string Unchanged = "unchanged";
    public const string Rejected = "rejected";
}

/// <summary>What a bulk call did, order by order (in the order sent).</summary>
public sealed record BulkOrdersResult(int CreatedCount, int UnchangedCount, int RejectedCount, IReadOnlyList<BulkOrderItemResult> Items);
