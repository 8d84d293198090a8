using System.Data.Common;
using System.Globalization;
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
/// what SQLite needs to step through them. So on SQLite the rows of the very same EF query (<c>CreateDbCommand</c>: same
/// SQL, same parameters) are read straight from the data reader, converting the stored representation in one place:
/// money as a 64-bit count of 1/10,000ths (exactly OLE currency), timestamps as EF's text "yyyy-MM-dd HH:mm:ss[.FFFFFFF]".
/// SQL Server goes through EF unchanged. The integration tests compare both readings.
/// </remarks>
internal sealed class SalesHistory(IDbContextFactory<CrmDbContext> contextFactory) : ISalesHistory
{
    public async IAsyncEnumerable<CustomerPurchase> StreamPurchasesAsync(
        DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = PurchaseQuery(db, beforeUtc);
        if (!db.Database.IsSqlite())
        {
            await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                yield return new CustomerPurchase(row.CustomerId!.Value, row.OrderedAtUtc, row.PurchaseAmount, row.PurchaseCost);
            }

            yield break;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = query.CreateDbCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new CustomerPurchase(
                reader.GetInt64(0),
                SqliteValues.UtcDateTime(reader, 1),
                SqliteValues.Money(reader, 2),
                reader.IsDBNull(3) ? null : SqliteValues.Money(reader, 3));
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

/// <summary>How the kernel's SQLite conventions store values, read back without EF's materializer.</summary>
internal static class SqliteValues
{
    /// <summary>decimal(18,4) stored as a 64-bit count of 1/10,000ths: the OLE currency representation.</summary>
    public static decimal Money(DbDataReader reader, int ordinal) => decimal.FromOACurrency(reader.GetInt64(ordinal));

    /// <summary>EF's SQLite DateTime text, "yyyy-MM-dd HH:mm:ss" with an optional fraction of up to 7 digits, as UTC.</summary>
    public static DateTime UtcDateTime(DbDataReader reader, int ordinal) => ParseUtc(reader.GetString(ordinal));

    public static DateTime ParseUtc(string text)
    {
        if (text.Length >= 19 && text[4] == '-' && text[7] == '-' && (text[10] == ' ' || text[10] == 'T') && text[13] == ':' && text[16] == ':'
            && (text.Length == 19 || (text[19] == '.' && text.Length <= 27)))
        {
            var ticks = 0L;
            var ok = true;
            for (var i = 20; i < 27; i++)
            {
                var digit = i < text.Length ? text[i] - '0' : 0;
                ok &= (uint)digit <= 9;
                ticks = (ticks * 10) + digit;
            }

            if (ok && TryNumber(text, 0, 4, out var year) && TryNumber(text, 5, 2, out var month) && TryNumber(text, 8, 2, out var day)
                && TryNumber(text, 11, 2, out var hour) && TryNumber(text, 14, 2, out var minute) && TryNumber(text, 17, 2, out var second))
            {
                return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
            }
        }

        return DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
    }

    private static bool TryNumber(string text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
