using System.Runtime.CompilerServices;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.History;

/// <summary>
/// The <see cref="ISalesHistory"/> contract: no-tracking projections of only the columns the engine needs, filtered on the
/// stored <c>IsPurchase</c> flag (computed when the order is written), streamed from one short-lived context.
/// </summary>
/// <remarks>
/// Purchases can be millions of rows, and EF's materializer (value converters, DateTime parsing) costs about three times
/// what SQLite needs to step through them. So the rows of the very same EF query (<c>CreateDbCommand</c>: same SQL, same
/// parameters) are read straight from the data reader, the provider's stored representation converted by the kernel's
/// <see cref="DatabaseDialect"/> (on SQLite money as a 64-bit count of 1/10,000ths, timestamps as EF's text). The
/// integration tests compare this reading with EF's.
/// </remarks>
internal sealed class SalesHistory(IDbContextFactory<CrmDbContext> contextFactory) : ISalesHistory
{
    public async IAsyncEnumerable<CustomerPurchase> StreamPurchasesAsync(
        DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = PurchaseQuery(db, beforeUtc);
        var dialect = DatabaseDialect.Of(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = query.CreateDbCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new CustomerPurchase(
                reader.GetInt64(0),
                dialect.ReadUtcDateTime(reader, 1),
                dialect.ReadDecimal(reader, 2),
                reader.IsDBNull(3) ? null : dialect.ReadDecimal(reader, 3));
        }
    }

    /// <summary>The purchases as EF materializes them (SQL Server's path; the tests compare it with the SQLite reading).</summary>
    internal async IAsyncEnumerable<CustomerPurchase> StreamPurchasesThroughEfAsync(
        DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in PurchaseQuery(db, beforeUtc).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new CustomerPurchase(row.CustomerId!.Value, row.OrderedAtUtc, row.PurchaseAmount, row.PurchaseCost);
        }
    }

    public async IAsyncEnumerable<BasketItem> StreamBasketItemsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var purchase = true;
        var baskets = db.Set<Order>().Where(o => o.IsPurchase == purchase).Select(o => o.Id);
        var query = db.Set<OrderLine>().AsNoTracking()
            .Where(l => l.Quantity > 0 && baskets.Contains(l.OrderId))
            .OrderBy(l => l.OrderId)
            .Select(l => new BasketItem(l.OrderId, l.ProductCode));
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    public async Task<IReadOnlyList<CustomerPurchase>> PurchasesOfCustomerAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var purchase = true;
        return await db.Set<Order>().AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.IsPurchase == purchase)
            .OrderBy(o => o.OrderedAtUtc).ThenBy(o => o.Id)
            .Select(o => new CustomerPurchase(customerId, o.OrderedAtUtc, o.PurchaseAmount, o.PurchaseCost))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerProductCount>> TopProductsAsync(
        IReadOnlyCollection<long> customerIds, int perCustomer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        if (customerIds.Count == 0 || perCustomer <= 0)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var purchase = true;
        var ids = customerIds.Distinct().ToList();
        // A join, not SelectMany over the navigation: the correlated form needs APPLY, which SQLite does not have.
        var orders = db.Set<Order>().AsNoTracking()
            .Where(o => o.CustomerId != null && ids.Contains(o.CustomerId.Value) && o.IsPurchase == purchase);
        var counts = await db.Set<OrderLine>().AsNoTracking()
            .Where(l => l.Quantity > 0)
            .Join(orders, l => l.OrderId, o => o.Id, (l, o) => new { CustomerId = o.CustomerId!.Value, o.Id, l.ProductCode, l.ProductName })
            .GroupBy(x => new { x.CustomerId, x.ProductCode })
            .Select(g => new { g.Key.CustomerId, g.Key.ProductCode, Name = g.Max(x => x.ProductName), Orders = g.Select(x => x.Id).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return counts
            .GroupBy(c => c.CustomerId)
            .SelectMany(g => g.OrderByDescending(c => c.Orders).ThenBy(c => c.ProductCode, StringComparer.Ordinal).Take(perCustomer))
            .Select(c => new CustomerProductCount(c.CustomerId, c.ProductCode, c.Name ?? c.ProductCode, c.Orders))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> ProductCodesBoughtAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var purchase = true;
        var orders = db.Set<Order>().Where(o => o.CustomerId == customerId && o.IsPurchase == purchase).Select(o => o.Id);
        return await db.Set<OrderLine>().AsNoTracking()
            .Where(l => l.Quantity > 0 && orders.Contains(l.OrderId))
            .Select(l => l.ProductCode).Distinct().OrderBy(c => c)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> IsOrderOfCustomerAsync(long orderId, long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Order>().AnyAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ProductNamesAsync(
        IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var wanted = codes.Distinct().ToList();
        var names = await db.Set<Product>().AsNoTracking()
            .Where(p => wanted.Contains(p.Code))
            .Select(p => new { p.Code, p.Name })
            .ToListAsync(cancellationToken);
        return names.ToDictionary(p => p.Code, p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    private static IQueryable<PurchaseRow> PurchaseQuery(CrmDbContext db, DateTime? beforeUtc)
    {
        var purchase = true;
        var orders = db.Set<Order>().AsNoTracking().Where(o => o.IsPurchase == purchase && o.CustomerId != null);
        if (beforeUtc is { } before)
        {
            var limit = before.Kind == DateTimeKind.Utc ? before : DateTime.SpecifyKind(before, DateTimeKind.Utc);
            orders = orders.Where(o => o.OrderedAtUtc < limit);
        }

        // Column order matters: the SQLite path reads them by position.
        return orders
            .OrderBy(o => o.CustomerId).ThenBy(o => o.OrderedAtUtc).ThenBy(o => o.Id)
            .Select(o => new PurchaseRow { CustomerId = o.CustomerId, OrderedAtUtc = o.OrderedAtUtc, PurchaseAmount = o.PurchaseAmount, PurchaseCost = o.PurchaseCost });
    }

    private sealed class PurchaseRow
    {
        public long? CustomerId { get; init; }

        public DateTime OrderedAtUtc { get; init; }

        public decimal PurchaseAmount { get; init; }

        public decimal? PurchaseCost { get; init; }
    }
}
