using Crm.Analytics.Engine.Value;

namespace Crm.Analytics.Tests.Value;

public sealed class CustomerValueTests
{
    private static readonly CostToServe Rates = new(PerInteraction: 5, PerCase: 50);

    private static CustomerValueAnalysis Analyze(double[] revenue, double[] cost, int[] interactions, int[] cases, int points = 101) =>
        CustomerValue.Analyze(revenue, cost, interactions, cases, Rates, null, points, CancellationToken.None);

    [Fact]
    public void Profit_is_revenue_minus_cost_of_goods_minus_cost_to_serve()
    {
        var profit = CustomerValue.Profit([1000.0, 200], [600.0, 100], [4, 10], [1, 2], Rates);

        Assert.Equal([1000 - 600 - 20 - 50, 200 - 100 - 50 - 100], profit);
    }

    [Fact]
    public void Without_costs_of_goods_only_spend_tiers_are_given()
    {
        var analysis = CustomerValue.Analyze([5.0, 3], [], [], [], Rates, null, 11, CancellationToken.None);

        Assert.Null(analysis.Profit);
        Assert.Null(analysis.ByProfit);
        Assert.Null(analysis.WhaleCurve);
        Assert.Empty(analysis.OverServed);
        Assert.Equal([0, 1], analysis.BySpend.Order);
    }

    [Fact]
    public void Spend_and_profit_rank_customers_differently()
    {
        // Customer 0 spends most but costs a lot to serve; customer 1 is the most profitable.
        var analysis = Analyze([1000.0, 800, 100], [500.0, 400, 50], [40, 0, 0], [4, 0, 0]);

        Assert.Equal([0, 1, 2], analysis.BySpend.Order);
        Assert.Equal([1, 0, 2], analysis.ByProfit!.Order);
        Assert.Equal([500 - 200 - 200, 400, 50], analysis.Profit!);
    }

    [Fact]
    public void The_whale_curve_starts_at_zero_rises_above_100_percent_and_ends_at_exactly_100_percent()
    {
        // Profits 60, 50, 40, 0, -50: total 100, peak 150% after three of five customers.
        var analysis = Analyze([100.0, 100, 100, 100, 100], [40.0, 50, 60, 100, 100], [0, 0, 0, 0, 10], [0, 0, 0, 0, 0], points: 6);
        var curve = analysis.WhaleCurve!;

        Assert.Equal(new WhaleCurvePoint(0, 0), curve.Points[0]);
        Assert.Equal(new WhaleCurvePoint(1, 1), curve.Points[^1]);
        Assert.Equal(0.6, curve.Points[1].ProfitShare, 12);   // top 20% = customer 0
        Assert.Equal(1.5, curve.Points[3].ProfitShare, 12);
        Assert.Equal(new WhaleCurvePoint(0.6, 1.5), curve.Peak);
        Assert.Equal(0.6, curve.TopShare, 12);
        Assert.Equal(0.2, curve.TopCustomerShare, 12);
        Assert.Equal(100.0, curve.TotalProfit, 12);
    }

    [Fact]
    public void The_whale_curve_ends_at_100_percent_for_a_million_random_customers()
    {
        var random = new Random(31);
        const int n = 1_000_000;
        var revenue = Enumerable.Range(0, n).Select(_ => Math.Exp(random.NextDouble() * 8)).ToArray();
        var cost = revenue.Select(r => r * 0.6).ToArray();
        var interactions = Enumerable.Range(0, n).Select(_ => random.Next(0, 20)).ToArray();
        var cases = Enumerable.Range(0, n).Select(_ => random.Next(0, 3)).ToArray();

        var curve = Analyze(revenue, cost, interactions, cases).WhaleCurve!;

        Assert.Equal(1.0, curve.Points[^1].ProfitShare);
        Assert.True(curve.Peak.ProfitShare > 1.0);
        Assert.True(curve.TopShare > 0.2);
    }

    [Fact]
    public void The_whale_curve_has_no_shares_when_total_profit_is_not_positive()
    {
        var curve = Analyze([10.0, 10], [10.0, 10], [1, 1], [0, 0]).WhaleCurve!;

        Assert.True(double.IsNaN(curve.TopShare));
        Assert.All(curve.Points, p => Assert.True(double.IsNaN(p.ProfitShare)));
        Assert.True(curve.TotalProfit < 0);
    }

    [Fact]
    public void Over_served_customers_are_those_whose_service_cost_turns_a_margin_into_a_loss()
    {
        var analysis = Analyze(
            revenue: [100.0, 100, 100, 50, 100],
            cost: [50.0, 50, 150, 50, 50],
            interactions: [0, 20, 0, 2, 12],
            cases: [0, 0, 0, 0, 0]);

        // Customer 1: margin 50, service 100, profit -50. Customer 4: margin 50, service 60, profit -10.
        // Customer 2 loses money on the goods themselves; customer 3 breaks even on goods and loses 10 on service.
        Assert.Equal([1, 3, 4], analysis.OverServed.Select(o => o.Customer).Order());
        Assert.Equal(1, analysis.OverServed[0].Customer);
        Assert.Equal(new OverServedCustomer(1, 100, 50, 100, -50), analysis.OverServed[0]);
        Assert.Equal([-50.0, -10, -10], analysis.OverServed.Select(o => o.Profit));
        Assert.Equal([1, 3, 4], analysis.OverServed.Select(o => o.Customer)); // ties by position
    }

    [Fact]
    public void An_unknown_cost_of_goods_leaves_out_only_that_customer_from_the_ranking_by_profit()
    {
        // Customer 1 bought a product without a unit cost (NaN): the other three are ranked, tiered and curved among themselves.
        var analysis = Analyze([100.0, 900, 50, 10], [40.0, double.NaN, 20, 20], [0, 0, 0, 0], [0, 0, 0, 0]);

        Assert.Equal([0, 2, 3], analysis.ProfitCustomers);
        Assert.Equal([0, 1, 2], analysis.ByProfit!.Order); // positions in ProfitCustomers: profits 60, 30, -10
        Assert.Null(analysis.ProfitTierOf(1));
        Assert.NotNull(analysis.ProfitTierOf(0));
        Assert.Equal(80.0, analysis.WhaleCurve!.TotalProfit, 12);
        Assert.True(double.IsNaN(analysis.Profit![1]));
        Assert.Empty(analysis.OverServed); // customer 3's margin is negative: a loss, but not the cost to serve's fault
    }

    [Fact]
    public void When_no_customers_cost_of_goods_is_known_there_is_no_ranking_by_profit()
    {
        var analysis = Analyze([100.0, 50], [double.NaN, double.NaN], [0, 0], [0, 0]);

        Assert.Null(analysis.ByProfit);
        Assert.Null(analysis.WhaleCurve);
        Assert.Null(analysis.ProfitTierOf(0));
    }

    [Fact]
    public void Inputs_of_different_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => CustomerValue.Profit([1.0, 2], [1.0], [1, 1], [0, 0], Rates));
    }
}
