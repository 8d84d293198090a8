namespace Crm.Sales.Contracts;

/// <summary>
/// One purchase order of a customer as the customer-value engine sees it: a non-cancelled sale with at least one line of
/// positive quantity (<c>IsPurchase</c>). <paramref name="PurchaseAmount"/> is the sum of its positive-quantity line
/// amounts; <paramref name="PurchaseCost"/> their cost of goods, null when a unit cost is unknown.
/// </summary>
public readonly record struct CustomerPurchase(long CustomerId, DateTime OrderedAtUtc, decimal PurchaseAmount, decimal? PurchaseCost);

/// <summary>One product of one basket: a positive-quantity line of a non-cancelled sale (with or without a customer).</summary>
public readonly record struct BasketItem(long OrderId, string ProductCode);

/// <summary>A product a customer bought in <paramref name="Orders"/> purchase orders.</summary>
public sealed record CustomerProductCount(long CustomerId, string ProductCode, string ProductName, int Orders);

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

    /// <summary>One customer's purchase orders (as <see cref="StreamPurchasesAsync"/>), oldest first: the real-time update path.</summary>
    Task<IReadOnlyList<CustomerPurchase>> PurchasesOfCustomerAsync(long customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each of <paramref name="customerIds"/>, the products on most of its purchase orders (at most
    /// <paramref name="perCustomer"/>, most orders first, then by code): the "typical products" of a worklist.
    /// </summary>
    Task<IReadOnlyList<CustomerProductCount>> TopProductsAsync(
        IReadOnlyCollection<long> customerIds, int perCustomer, CancellationToken cancellationToken = default);

    /// <summary>The distinct product codes of a customer's purchase orders (the basis of its recommendations).</summary>
    Task<IReadOnlyList<string>> ProductCodesBoughtAsync(long customerId, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="orderId"/> is an order (sale or return, any status) of <paramref name="customerId"/>.</summary>
    Task<bool> IsOrderOfCustomerAsync(long orderId, long customerId, CancellationToken cancellationToken = default);

    /// <summary>Catalogue names of product codes (codes unknown to the catalogue are left out).</summary>
    Task<IReadOnlyDictionary<string, string>> ProductNamesAsync(
        IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default);
}
