namespace Crm.Sales.Contracts;

/// <summary>
/// One purchase order of a customer as the customer-value engine sees it: a non-cancelled sale with at least one line of
/// positive quantity (<c>IsPurchase</c>). <paramref name="PurchaseAmount"/> is the sum of its positive-quantity line
/// amounts; <paramref name="PurchaseCost"/> their cost of goods, null when a unit cost is unknown.
/// </summary>
public readonly record struct CustomerPurchase(long CustomerId, DateTime OrderedAtUtc, decimal PurchaseAmount, decimal? PurchaseCost);

/// <summary>One product of one basket: a positive-quantity line of a non-cancelled sale (with or without a customer).</summary>
public readonly record struct BasketItem(long OrderId, string ProductCode);

/// <summary>
/// What analytics reads from Sales: purchase orders and market baskets, aggregated and projected in SQL, streamed in the
/// order the engine wants. Returns, cancellations and cancelled sales never appear.
/// </summary>
public interface ISalesHistory
{
    /// <summary>
    /// The purchase orders of customers (orders without a customer are left out), ordered by customer id, then order time,
    /// then order id. Only orders placed before <paramref name="beforeUtc"/> when it is given (pass the day after an
    /// as-of date to include the whole as-of day).
    /// </summary>
    IAsyncEnumerable<CustomerPurchase> StreamPurchasesAsync(DateTime? beforeUtc = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The product codes of every basket (purchase order, with or without a customer), ordered by order id: all items of one
    /// basket come one after another. A code repeated on several lines of one order comes once per line (callers keep it once).
    /// </summary>
    IAsyncEnumerable<BasketItem> StreamBasketItemsAsync(CancellationToken cancellationToken = default);
}
