using Crm.Sales.Domain;

namespace Crm.Sales.Tests.Features.Products;

/// <summary>The product's own stock rules, without a database.</summary>
public sealed class ProductRulesTests
{
    [Theory]
    [InlineData(-4, -4, true)] // the owed units stored: an edit saves them unchanged
    [InlineData(-4, -5, false)] // a new negative count
    [InlineData(-4, 0, false)]
    [InlineData(3, 3, false)] // not below zero: nothing to keep
    public void An_edit_keeps_the_owed_stock_stored_but_no_new_negative_count(int stored, int sent, bool kept) =>
        Assert.Equal(kept, new Product { StockOnHand = stored, AllowBackorder = true }.KeepsOwedStock(sent));

    [Fact]
    public void Stock_leaves_below_zero_only_for_a_product_that_takes_back_orders()
    {
        Assert.True(new Product { StockOnHand = 2 }.CanTake(2));
        Assert.False(new Product { StockOnHand = 2 }.CanTake(3));
        Assert.True(new Product { StockOnHand = 2, AllowBackorder = true }.CanTake(3));
    }
}
