using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
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

    /// <summary>Refuses anything but a sale: returns and cancellations are recorded against the original order.</summary>
    public void EnsureSale()
    {
        if (Kind != OrderKind.Sale)
        {
            throw new ConflictException($"{OrderNumber} is a {Kind.ToString().ToLowerInvariant()}, not a sale: cancel or return the original order.");
        }
    }

    /// <summary>Why the sale can no longer be cancelled as a whole, or null while it can (or was cancelled already).</summary>
    public string? CancelRefusal => Status is OrderStatus.Placed or OrderStatus.Cancelled
        ? null
        : $"Order {OrderNumber} has returns recorded against it, so it can no longer be cancelled as a whole. Record a return instead.";

    /// <summary>
    /// Cancels the whole sale (the caller puts its stock back). False when it was cancelled already: cancelling twice
    /// changes nothing. Once anything has come back, only returns are possible.
    /// </summary>
    public bool Cancel()
    {
        EnsureSale();
        if (Status == OrderStatus.Cancelled)
        {
            return false;
        }

        if (CancelRefusal is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        Status = OrderStatus.Cancelled;
        Recalculate();
        return true;
    }

    /// <summary>
    /// Spreads the requested quantities (field names as in the JSON body: <c>lines[i].quantity</c>) over the sale's lines
    /// of each product, first lines first, after what came back already (spread the same way), so each return line
    /// carries the price, discount share and cost it was sold at. At most what was bought minus what came back.
    /// </summary>
    public ReturnPlan PlanReturn(IReadOnlyList<(string Code, decimal Quantity)> alreadyReturned, IReadOnlyList<(string Code, decimal Quantity)> requested)
    {
        EnsureSale();
        var problems = new List<ValidationError>();
        if (Status == OrderStatus.Cancelled)
        {
            throw new ConflictException($"Order {OrderNumber} is cancelled: nothing can be returned against it.");
        }

        var byCode = Lines.Where(l => l.Quantity > 0).GroupBy(l => l.ProductCode, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.LineNumber).ToList(), StringComparer.OrdinalIgnoreCase);
        var returnedByCode = alreadyReturned.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity), StringComparer.OrdinalIgnoreCase);

        // What each sale line can still take back.
        var open = new Dictionary<OrderLine, decimal>();
        foreach (var (code, lines) in byCode)
        {
            var taken = returnedByCode.GetValueOrDefault(code);
            foreach (var line in lines)
            {
                var used = Math.Min(line.Quantity, taken);
                taken -= used;
                open[line] = line.Quantity - used;
            }
        }

        var wanted = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requested.Count; i++)
        {
            var code = requested[i].Code.Trim();
            if (!byCode.TryGetValue(code, out var lines))
            {
                problems.Add(new ValidationError($"lines[{i}].productCode", $"Product '{code}' is not on order {OrderNumber}."));
                continue;
            }

            var left = lines.Sum(l => open[l]) - wanted.GetValueOrDefault(code);
            if (requested[i].Quantity > left)
            {
                problems.Add(new ValidationError($"lines[{i}].quantity",
                    $"At most {left:0.####} of '{lines[0].ProductCode}' can still be returned (bought {lines.Sum(l => l.Quantity):0.####}, returned {returnedByCode.GetValueOrDefault(code):0.####})."));
                continue;
            }

            wanted[code] = wanted.GetValueOrDefault(code) + requested[i].Quantity;
        }

        var planned = new List<(OrderLine, decimal)>();
        foreach (var (code, quantity) in wanted)
        {
            var rest = quantity;
            foreach (var line in byCode[code].Where(l => open[l] > 0))
            {
                var take = Math.Min(open[line], rest);
                if (take <= 0)
                {
                    break;
                }

                planned.Add((line, take));
                open[line] -= take;
                rest -= take;
            }
        }

        return new ReturnPlan(planned, open.Values.All(v => v <= 0), problems);
    }

    /// <summary>
    /// The return document for <paramref name="plan"/> (negative quantities at the prices sold, the discount shared
    /// pro rata); this sale becomes Returned or PartiallyReturned.
    /// </summary>
    public Order RecordReturn(ReturnPlan plan, string number, string? externalId, string contentHash, string? notes, DateTime nowUtc)
    {
        if (!plan.Succeeded)
        {
            throw new InvalidOperationException("A return plan with problems cannot be recorded.");
        }

        var document = new Order
        {
            OrderNumber = number,
            ExternalId = externalId,
            ContentHash = contentHash,
            CustomerId = CustomerId,
            Channel = Channel,
            Kind = OrderKind.Return,
            Status = OrderStatus.Placed,
            OrderedAtUtc = nowUtc,
            OriginalOrderId = Id,
            SalesRepId = SalesRepId,
            Source = Source,
            Notes = notes,
            Lines = [.. plan.Lines.Select((l, i) =>
            {
                var discount = -decimal.Round(l.Line.Discount * l.Quantity / l.Line.Quantity, 4, MidpointRounding.AwayFromZero);
                return new OrderLine
                {
                    LineNumber = i + 1,
                    ProductId = l.Line.ProductId,
                    ProductCode = l.Line.ProductCode,
                    ProductName = l.Line.ProductName,
                    Quantity = -l.Quantity,
                    UnitPrice = l.Line.UnitPrice,
                    Discount = discount,
                    UnitCost = l.Line.UnitCost,
                    Amount = OrderLine.AmountOf(-l.Quantity, l.Line.UnitPrice, discount),
                };
            })],
        };
        document.Recalculate();
        Status = plan.FullyReturned ? OrderStatus.Returned : OrderStatus.PartiallyReturned;
        Recalculate();
        return document;
    }

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

/// <summary>Which sale lines a return takes back and how much of each; the problems when it cannot be recorded.</summary>
internal sealed record ReturnPlan(IReadOnlyList<(OrderLine Line, decimal Quantity)> Lines, bool FullyReturned, IReadOnlyList<ValidationError> Problems)
{
    public bool Succeeded => Problems.Count == 0;
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
