namespace Crm.Analytics.Engine.Value;

/// <summary>Cost-to-serve rates: a fixed cost per recorded interaction (call, email, visit, ...) and per service case.</summary>
internal sealed record CostToServe(double PerInteraction, double PerCase)
{
    public static CostToServe None { get; } = new(0, 0);
}

/// <summary>A customer whose service costs turn a non-negative gross margin into a loss.</summary>
/// <param name="Customer">Index of the customer in the input.</param>
internal readonly record struct OverServedCustomer(int Customer, double Revenue, double GrossMargin, double ServiceCost, double Profit);

/// <summary>Spend and profit per customer, their tier rankings, the whale curve and the over-served customers.</summary>
internal sealed class CustomerValueAnalysis
{
    internal CustomerValueAnalysis(ValueRanking bySpend, double[]? profit, ValueRanking? byProfit, WhaleCurve? whaleCurve, OverServedCustomer[] overServed)
    {
        BySpend = bySpend;
        Profit = profit;
        ByProfit = byProfit;
        WhaleCurve = whaleCurve;
        OverServed = overServed;
    }

    /// <summary>Customers ranked and tiered by revenue.</summary>
    public ValueRanking BySpend { get; }

    /// <summary>Profit of each customer, or null when costs of goods were not given.</summary>
    public double[]? Profit { get; }

    /// <summary>Customers ranked and tiered by profit, or null when costs of goods were not given.</summary>
    public ValueRanking? ByProfit { get; }

    /// <summary>The whale curve of profit, or null when costs of goods were not given.</summary>
    public WhaleCurve? WhaleCurve { get; }

    /// <summary>Customers with profit &lt; 0 but gross margin &gt;= 0, most negative profit first (ties by index); empty without costs.</summary>
    public OverServedCustomer[] OverServed { get; }
}

/// <summary>Customer value: tiers by spend and by profit, the whale curve and the over-served list.</summary>
internal static class CustomerValue
{
    /// <summary>
    /// Profit per customer: revenue − cost of goods − interactions × <see cref="CostToServe.PerInteraction"/> − cases × <see cref="CostToServe.PerCase"/>.
    /// </summary>
    public static double[] Profit(
        ReadOnlySpan<double> revenue,
        ReadOnlySpan<double> costOfGoods,
        ReadOnlySpan<int> interactions,
        ReadOnlySpan<int> cases,
        CostToServe costToServe)
    {
        ArgumentNullException.ThrowIfNull(costToServe);
        var n = revenue.Length;
        if (costOfGoods.Length != n || interactions.Length != n || cases.Length != n)
        {
            throw new ArgumentException(
                $"revenue ({n}), costOfGoods ({costOfGoods.Length}), interactions ({interactions.Length}) and cases ({cases.Length}) must have the same length.");
        }

        var profit = new double[n];
        for (var i = 0; i < n; i++)
        {
            profit[i] = revenue[i] - costOfGoods[i] - ServiceCost(interactions[i], cases[i], costToServe);
        }

        return profit;
    }

    /// <summary>
    /// Ranks and tiers customers by revenue and, when <paramref name="costOfGoods"/> is not empty (unit costs known), by
    /// profit, with the whale curve and the over-served customers. Customer <c>i</c> is position <c>i</c> of every span;
    /// pass them in ascending id order (ties in value are ranked by position).
    /// </summary>
    /// <param name="revenue">Revenue per customer.</param>
    /// <param name="costOfGoods">Cost of the goods sold to each customer, or empty when unit costs are unknown.</param>
    /// <param name="interactions">Interactions per customer (ignored when <paramref name="costOfGoods"/> is empty).</param>
    /// <param name="cases">Service cases per customer (ignored when <paramref name="costOfGoods"/> is empty).</param>
    /// <param name="costToServe">Cost per interaction and per case.</param>
    /// <param name="thresholds">Tier boundaries; null for the defaults (5% / 20% / 50%).</param>
    /// <param name="whalePoints">Number of whale-curve points (at least 2).</param>
    /// <param name="cancellationToken">Checked between the phases.</param>
    public static CustomerValueAnalysis Analyze(
        ReadOnlySpan<double> revenue,
        ReadOnlySpan<double> costOfGoods,
        ReadOnlySpan<int> interactions,
        ReadOnlySpan<int> cases,
        CostToServe costToServe,
        TierThresholds? thresholds,
        int whalePoints,
        CancellationToken cancellationToken)
    {
        thresholds ??= TierThresholds.Default;
        var bySpend = ValueTiers.Rank(revenue, thresholds, cancellationToken);
        if (costOfGoods.IsEmpty && !revenue.IsEmpty)
        {
            return new CustomerValueAnalysis(bySpend, null, null, null, []);
        }

        var profit = Profit(revenue, costOfGoods, interactions, cases, costToServe);
        cancellationToken.ThrowIfCancellationRequested();
        var byProfit = ValueTiers.Rank(profit, thresholds, cancellationToken);
        var whale = WhaleCurve.From(byProfit, whalePoints, thresholds.GoldTop);

        var overServed = new List<OverServedCustomer>();
        for (var i = 0; i < profit.Length; i++)
        {
            var margin = revenue[i] - costOfGoods[i];
            if (profit[i] < 0 && margin >= 0)
            {
                overServed.Add(new OverServedCustomer(i, revenue[i], margin, ServiceCost(interactions[i], cases[i], costToServe), profit[i]));
            }
        }

        overServed.Sort(static (a, b) =>
        {
            var c = a.Profit.CompareTo(b.Profit);
            return c != 0 ? c : a.Customer.CompareTo(b.Customer);
        });
        return new CustomerValueAnalysis(bySpend, profit, byProfit, whale, [.. overServed]);
    }

    private static double ServiceCost(int interactions, int cases, CostToServe rates) =>
        (interactions * rates.PerInteraction) + (cases * rates.PerCase);
}
