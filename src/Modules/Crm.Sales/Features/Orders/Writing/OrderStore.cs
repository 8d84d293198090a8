using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Sales.Features.Orders.Writing;

/// <summary>
/// What placing, cancelling and returning orders share inside their transaction: the stock counter, the timeline report,
/// loading a sale and saving it with its version checked.
/// </summary>
internal static class OrderStore
{
    /// <summary>
    /// Set-based stock changes (a counter, not an edit of the product: no version change), one statement per product.
    /// Plain SQL with the model's table and column names, one command re-bound per product (it is parsed once): the same
    /// statement through LINQ's ExecuteUpdate cost more to translate on every call than to run. <paramref name="guarded"/>:
    /// a product without back orders is left alone when the stock would fall below zero, and the write fails
    /// (<see cref="OutOfStockException"/>), so concurrent orders cannot oversell what the check before them saw.
    /// </summary>
    public static async Task AdjustStockAsync(CrmDbContext db, IEnumerable<(long? ProductId, decimal Quantity)> lines, int sign, bool guarded,
        CancellationToken cancellationToken)
    {
        var product = db.Model.FindEntityType(typeof(Product))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(product.GetTableName()!, product.GetSchema());
        var stock = sql.DelimitIdentifier(product.FindProperty(nameof(Product.StockOnHand))!.GetColumnName());
        var id = sql.DelimitIdentifier(product.FindProperty(nameof(Product.Id))!.GetColumnName());
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var backorder = sql.DelimitIdentifier(product.FindProperty(nameof(Product.AllowBackorder))!.GetColumnName());
        command.CommandText = guarded
            ? $"UPDATE {table} SET {stock} = {stock} + @units WHERE {id} = @id AND ({backorder} = 1 OR {stock} + @units >= 0)"
            : $"UPDATE {table} SET {stock} = {stock} + @units WHERE {id} = @id";
        var unitsParameter = command.CreateParameter();
        unitsParameter.ParameterName = "@units";
        var idParameter = command.CreateParameter();
        idParameter.ParameterName = "@id";
        command.Parameters.Add(unitsParameter);
        command.Parameters.Add(idParameter);
        foreach (var group in lines.Where(l => l.ProductId is not null).GroupBy(l => l.ProductId!.Value))
        {
            var units = sign * Units(group.Sum(l => l.Quantity));
            if (units == 0)
            {
                continue;
            }

            (unitsParameter.Value, idParameter.Value) = (units, group.Key);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0 && guarded)
            {
                throw new OutOfStockException(await db.Set<Product>().Where(p => p.Id == group.Key).Select(p => p.Code).SingleAsync(cancellationToken));
            }
        }
    }

    /// <summary>
    /// The orders' entries for the customers' timelines, reported to Contacts with the change: they are written to the outbox
    /// in its transaction and put on the timelines once it has committed.
    /// </summary>
    public static void ReportOnTimeline(CrmDbContext db, IEnumerable<InteractionEntry> entries)
    {
        foreach (var entry in entries)
        {
            db.RaiseAfterCommit(new InteractionReported(entry));
        }
    }

    public static async Task<Order> LoadSaleAsync(CrmDbContext db, long orderId, CancellationToken cancellationToken)
    {
        var order = await db.Set<Order>().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            ?? throw new NotFoundException($"No order with id {orderId}.");
        order.EnsureSale();
        return order;
    }

    public static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this order at the same time. Reload it and try again.", cancellationToken);

    public static string Lines(int count) => count == 1 ? "line" : "lines";

    public static int Units(decimal quantity) => (int)decimal.Round(quantity, MidpointRounding.AwayFromZero);
}

/// <summary>A product without back orders had too little stock when the write came (another order took it meanwhile).</summary>
internal sealed class OutOfStockException(string productCode)
    : Exception($"{productCode} ran out of stock while the order was written, and it takes no back orders. Place the order again.")
{
    public string ProductCode { get; } = productCode;
}
