using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>The order's own rules, without a database: cancelling, planning and recording returns, the stored totals.</summary>
public sealed class OrderRulesTests
{
    [Fact]
    public void Cancelling_a_placed_sale_makes_it_no_purchase_and_cancelling_again_changes_nothing()
    {
        var sale = Sale((3, 20m, 6m, 8m), (5, 4m, 0m, 1m));
        Assert.True(sale.IsPurchase);
        Assert.Null(sale.CancelRefusal);

        Assert.True(sale.Cancel());

        Assert.Equal(OrderStatus.Cancelled, sale.Status);
        Assert.False(sale.IsPurchase);
        Assert.Equal((0m, 0m), (sale.PurchaseAmount, sale.PurchaseCost));
        Assert.Null(sale.CancelRefusal);
        Assert.False(sale.Cancel());
    }

    [Fact]
    public void A_sale_with_returns_cannot_be_cancelled_as_a_whole_and_a_return_document_cannot_be_cancelled()
    {
        var sale = Sale((3, 20m, 0m, 8m));
        var document = sale.RecordReturn(sale.PlanReturn([], [("P-1", 1m)]), "SO-1-R1", null, "", null, Now);

        Assert.Equal(OrderStatus.PartiallyReturned, sale.Status);
        Assert.Contains("Record a return instead", sale.CancelRefusal, StringComparison.Ordinal);
        Assert.Equal(sale.CancelRefusal, Assert.Throws<ConflictException>(() => sale.Cancel()).Message);
        Assert.Contains("not a sale", Assert.Throws<ConflictException>(() => document.Cancel()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_return_is_spread_over_the_lines_of_the_product_first_lines_first_with_their_price_and_share_of_the_discount()
    {
        // Two lines of P-1 at different prices (the first with a 6.00 discount on 3), one of P-2.
        var sale = Sale((3, 20m, 6m, 8m), (5, 4m, 0m, 1m), (1, 15m, 0m, 8m));
        sale.Lines[2].ProductCode = "P-1";

        var plan = sale.PlanReturn([], [("p-1", 4m)]);
        var document = sale.RecordReturn(plan, "SO-1-R1", "ret-1", "hash", "broken", Now);

        Assert.True(plan.Succeeded);
        Assert.False(plan.FullyReturned);
        Assert.Equal([(-3m, 20m, -6m), (-1m, 15m, 0m)], document.Lines.Select(l => (l.Quantity, l.UnitPrice, l.Discount)));
        Assert.Equal(-(3 * 20m - 6m) - 15m, document.Total);
        Assert.Equal((OrderKind.Return, 42L, "ret-1"), (document.Kind, document.OriginalOrderId!.Value, document.ExternalId));
        Assert.False(document.IsPurchase);
        Assert.Equal(OrderStatus.PartiallyReturned, sale.Status);
    }

    [Fact]
    public void What_came_back_already_is_taken_off_first_and_returning_the_rest_makes_the_sale_returned()
    {
        var sale = Sale((3, 20m, 6m, 8m), (5, 4m, 0m, 1m));

        var tooMuch = sale.PlanReturn([("P-1", 2m)], [("P-1", 2m), ("NOPE", 1m)]);
        Assert.Equal(["lines[0].quantity", "lines[1].productCode"], tooMuch.Problems.Select(p => p.Field));
        Assert.Contains("At most 1 of 'P-1'", tooMuch.Problems[0].Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => sale.RecordReturn(tooMuch, "R", null, "", null, Now));

        var rest = sale.PlanReturn([("P-1", 2m)], [("P-1", 1m), ("P-2", 5m)]);
        var document = sale.RecordReturn(rest, "SO-1-R2", null, "", null, Now);

        Assert.True(rest.FullyReturned);
        Assert.Equal(OrderStatus.Returned, sale.Status);
        Assert.Equal([(-1m, -2m), (-5m, 0m)], document.Lines.Select(l => (l.Quantity, l.Discount)));
    }

    [Fact]
    public void Nothing_can_be_returned_against_a_cancelled_sale()
    {
        var sale = Sale((1, 10m, 0m, null));
        sale.Cancel();

        Assert.Throws<ConflictException>(() => sale.PlanReturn([], [("P-1", 1m)]));
    }

    [Fact]
    public void The_purchase_cost_is_unknown_when_a_line_has_no_unit_cost()
    {
        var sale = Sale((2, 10m, 0m, 4m), (1, 5m, 0m, null));

        Assert.Equal((25m, 25m, (decimal?)null), (sale.Total, sale.PurchaseAmount, sale.PurchaseCost));
    }

    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    private static Order Sale(params (decimal Quantity, decimal UnitPrice, decimal Discount, decimal? UnitCost)[] lines)
    {
        var sale = new Order
        {
            Id = 42,
            OrderNumber = "SO-1",
            CustomerId = 7,
            Kind = OrderKind.Sale,
            Status = OrderStatus.Placed,
            OrderedAtUtc = Now.AddDays(-3),
            Lines = [.. lines.Select((l, i) => new OrderLine
            {
                LineNumber = i + 1,
                ProductId = i + 1,
                ProductCode = $"P-{i + 1}",
                ProductName = $"Product {i + 1}",
                Quantity = l.Quantity,
                UnitPrice = l.UnitPrice,
                Discount = l.Discount,
                UnitCost = l.UnitCost,
                Amount = OrderLine.AmountOf(l.Quantity, l.UnitPrice, l.Discount),
            })],
        };
        sale.Recalculate();
        return sale;
    }
}
