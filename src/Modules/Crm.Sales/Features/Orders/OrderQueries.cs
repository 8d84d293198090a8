using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Orders;

/// <summary>A product as the order form offers it.</summary>
internal sealed record ProductPick(string Code, string Name, decimal ListPrice, int StockOnHand);

/// <summary>Filters, sort and page of the order list.</summary>
internal sealed record OrderListQuery
{
    /// <summary>An order number (prefix), an external id, or a customer's name, email or phone.</summary>
    public string? Search { get; init; }

    public OrderStatus? Status { get; init; }

    public SalesChannel? Channel { get; init; }

    public OrderKind? Kind { get; init; }

    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? ToUtc { get; init; }

    public long? CustomerId { get; init; }

    public string? SalesRepId { get; init; }

    public OrderSort Sort { get; init; } = OrderSort.OrderedAt;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>Reads orders: one in full, a customer's orders, the filtered list. Every role may read orders.</summary>
internal sealed class OrderQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers)
{
    public const int MaxPageSize = 200;
    private const int CustomerSearchLimit = 200;

    public async Task<OrderDto> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No order with id {id}.");
        var returns = await db.Set<Order>().AsNoTracking().Where(o => o.OriginalOrderId == id).OrderBy(o => o.OrderedAtUtc).ThenBy(o => o.Id)
            .Select(ListItem).ToListAsync(cancellationToken);
        var originalNumber = order.OriginalOrderId is { } originalId
            ? await db.Set<Order>().Where(o => o.Id == originalId).Select(o => o.OrderNumber).SingleOrDefaultAsync(cancellationToken)
            : null;
        var customer = order.CustomerId is { } customerId ? await customers.FindAsync(customerId, cancellationToken) : null;
        return ToDto(order, customer?.DisplayName, originalNumber, [.. returns.Select(r => r with { CustomerName = customer?.DisplayName })]);
    }

    /// <summary>A customer's orders and returns, newest first.</summary>
    public Task<PagedResult<OrderListItem>> ListByCustomerAsync(long customerId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        ListAsync(new OrderListQuery { CustomerId = customerId, Page = page, PageSize = pageSize }, cancellationToken);

    public async Task<PagedResult<OrderListItem>> ListAsync(OrderListQuery query, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var orders = db.Set<Order>().AsNoTracking();
        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (query.Channel is { } channel)
        {
            orders = orders.Where(o => o.Channel == channel);
        }

        if (query.Kind is { } kind)
        {
            orders = orders.Where(o => o.Kind == kind);
        }

        if (query.FromUtc is { } from)
        {
            orders = orders.Where(o => o.OrderedAtUtc >= from);
        }

        if (query.ToUtc is { } to)
        {
            orders = orders.Where(o => o.OrderedAtUtc < to);
        }

        if (query.CustomerId is { } customerId)
        {
            orders = orders.Where(o => o.CustomerId == customerId);
        }

        if (!string.IsNullOrWhiteSpace(query.SalesRepId))
        {
            orders = orders.Where(o => o.SalesRepId == query.SalesRepId);
        }

        if (OrderContent.Trim(query.Search) is { } search)
        {
            // Order numbers and external ids by prefix (index range), customers through the Contacts search.
            var upper = search.ToUpperInvariant();
            var upperEnd = upper + "\uffff";
            var end = search + "\uffff";
            var ids = (await customers.SearchAsync(search, CustomerSearchLimit, cancellationToken)).Select(c => (long?)c.Id).ToList();
            orders = orders.Where(o => (string.Compare(o.OrderNumber, upper) >= 0 && string.Compare(o.OrderNumber, upperEnd) < 0)
                || (string.Compare(o.OrderNumber, search) >= 0 && string.Compare(o.OrderNumber, end) < 0)
                || o.ExternalId == search || ids.Contains(o.CustomerId));
        }

        var total = await orders.CountAsync(cancellationToken);
        var sorted = (query.Sort, query.Descending) switch
        {
            (OrderSort.OrderNumber, false) => orders.OrderBy(o => o.OrderNumber).ThenBy(o => o.Id),
            (OrderSort.OrderNumber, true) => orders.OrderByDescending(o => o.OrderNumber).ThenByDescending(o => o.Id),
            (OrderSort.Total, false) => orders.OrderBy(o => o.Total).ThenBy(o => o.Id),
            (OrderSort.Total, true) => orders.OrderByDescending(o => o.Total).ThenByDescending(o => o.Id),
            (OrderSort.Status, false) => orders.OrderBy(o => o.Status).ThenByDescending(o => o.OrderedAtUtc),
            (OrderSort.Status, true) => orders.OrderByDescending(o => o.Status).ThenByDescending(o => o.OrderedAtUtc),
            (_, false) => orders.OrderBy(o => o.OrderedAtUtc).ThenBy(o => o.Id),
            _ => orders.OrderByDescending(o => o.OrderedAtUtc).ThenByDescending(o => o.Id),
        };
        var items = await sorted.Skip(Paging.Offset(page, pageSize)).Take(pageSize).Select(ListItem).ToListAsync(cancellationToken);

        var names = await customers.DisplayNamesAsync(items.Select(i => i.CustomerId).OfType<long>(), cancellationToken);

        return new PagedResult<OrderListItem>(
            [.. items.Select(i => i.CustomerId is { } c ? i with { CustomerName = names.GetValueOrDefault(c) } : i)], total, page, pageSize);
    }

    /// <summary>What the customer bought net of returns: purchases (sales not cancelled) plus the (negative) returns.</summary>
    public async Task<decimal> PurchasesOfAsync(long customerId, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var purchase = true;
        var returnKind = OrderKind.Return;
        var bought = await db.Set<Order>().Where(o => o.CustomerId == customerId && o.IsPurchase == purchase).SumAsync(o => o.PurchaseAmount, cancellationToken);
        var returned = await db.Set<Order>().Where(o => o.CustomerId == customerId && o.Kind == returnKind).SumAsync(o => o.Total, cancellationToken);
        return bought + returned;
    }

    /// <summary>Active products for the order form's picker: code prefix or name prefix/word, with list price and stock.</summary>
    public async Task<IReadOnlyList<ProductPick>> SearchProductsAsync(string term, int limit, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureRead(currentUser);
        var text = OrderContent.Trim(term);
        if (text is null)
        {
            return [];
        }

        var upper = text.ToUpperInvariant();
        var end = upper + "\uffff";
        var active = true;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var picks = await db.Set<Product>().AsNoTracking()
            .Where(p => p.IsActive == active && ((string.Compare(p.Code, upper) >= 0 && string.Compare(p.Code, end) < 0)
                || (string.Compare(p.SearchName, upper) >= 0 && string.Compare(p.SearchName, end) < 0)
                || p.SearchName.Contains(" " + upper)))
            .OrderBy(p => p.Code).Take(Math.Clamp(limit, 1, 50))
            .Select(p => new ProductPick(p.Code, p.Name, p.ListPrice, p.StockOnHand))
            .ToListAsync(cancellationToken);
        return picks;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Order, OrderListItem>> ListItem = o => new OrderListItem(
        o.Id, o.OrderNumber, o.ExternalId, o.CustomerId, null, o.Channel, o.Kind, o.Status, o.OrderedAtUtc, o.Total, o.LineCount, o.SalesRepId);

    internal static OrderDto ToDto(Order order, string? customerName, string? originalNumber, IReadOnlyList<OrderListItem> returns) => new(
        order.Id, order.OrderNumber, order.ExternalId, order.CustomerId, customerName, order.Channel, order.Kind, order.Status, order.OrderedAtUtc,
        order.OriginalOrderId, originalNumber, order.SalesRepId, order.Source, order.Notes, order.Total, order.IsPurchase, order.PurchaseAmount,
        order.PurchaseCost, order.LineCount,
        [.. order.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineDto(
            l.LineNumber, l.ProductId, l.ProductCode, l.ProductName, l.Quantity, l.UnitPrice, l.Discount, l.UnitCost, l.Amount))],
        returns, order.CreatedAtUtc, order.Version);
}
