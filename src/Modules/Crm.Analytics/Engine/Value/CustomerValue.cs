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
    private readonly int[] profitPosition;

    internal CustomerValueAnalysis(
        ValueRanking bySpend, double[]? profit, int[] profitCustomers, ValueRanking? byProfit, WhaleCurve? whaleCurve, OverServedCustomer[] overServed)
    {
        BySpend = bySpend;
        Profit = profit;
        ProfitCustomers = profitCustomers;
        ByProfit = byProfit;
        WhaleCurve = whaleCurve;
        OverServed = overServed;
        profitPosition = new int[bySpend.Count];
        Array.Fill(profitPosition, -1);
        for (var k = 0; k < profitCustomers.Length; k++)
        {
            profitPosition[profitCustomers[k]] = k;
        }
    }

    /// <summary>Customers ranked and tiered by revenue.</summary>
    public ValueRanking BySpend { get; }

    /// <summary>Profit of each customer (NaN where their cost of goods is unknown), or null when no cost of goods is known.</summary>
    public double[]? Profit { get; }

    /// <summary>The customers whose profit is known, ascending: position <c>k</c> of <see cref="ByProfit"/> is customer <c>ProfitCustomers[k]</c>.</summary>
    public int[] ProfitCustomers { get; }

    /// <summary>
    /// The customers of known profit (<see cref="ProfitCustomers"/>) ranked and tiered by profit among themselves, or null
    /// when no cost of goods is known.
    /// </summary>
    public ValueRanking? ByProfit { get; }

    /// <summary>The whale curve of the known profits, or null when no cost of goods is known.</summary>
    public WhaleCurve? WhaleCurve { get; }

    /// <summary>Customers with profit &lt; 0 but gross margin &gt;= 0, most negative profit first (ties by index); empty without costs.</summary>
    public OverServedCustomer[] OverServed { get; }

    /// <summary>Customer <paramref name="customer"/>'s tier by profit, or null when their profit is unknown.</summary>
    public ValueTier? ProfitTierOf(int customer) =>
        ByProfit is { } byProfit && profitPosition[customer] is var k and >= 0 ? byProfit.Tiers[k] : null;
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
    /// pass them in ascending id order (ties in value are ranked by position). A customer whose cost of goods is NaN (a
    /// product they bought has no unit cost) has no profit: the ranking by profit, its tiers, the whale curve and the
    /// over-served list hold the other customers only, so one unknown cost does not hide everybody's profit.
    /// </summary>
    /// <param name="revenue">Revenue per customer.</param>
    /// <param name="costOfGoods">Cost of the goods sold to each customer (NaN where unknown), or empty when no cost is known.</param>
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
            return new CustomerValueAnalysis(bySpend, null, [], null, null, []);
        }

        var profit = Profit(revenue, costOfGoods, interactions, cases, costToServe);
        cancellationToken.ThrowIfCancellationRequested();
        var known = new List<int>(profit.Length);
        for (var i = 0; i < profit.Length; i++)
        {
            if (!double.IsNaN(costOfGoods[i]))
            {
                known.Add(i);
            }
        }

        if (known.Count == 0 && !revenue.IsEmpty)
        {
            return new CustomerValueAnalysis(bySpend, null, [], null, null, []);
        }

        var knownProfit = new double[known.Count];
        for (var k = 0; k < knownProfit.Length; k++)
        {
            knownProfit[k] = profit[known[k]];
        }

        var byProfit = ValueTiers.Rank(knownProfit, thresholds, cancellationToken);
        var whale = WhaleCurve.From(byProfit, whalePoints, thresholds.GoldTop);

        var overServed = new List<OverServedCustomer>();
        foreach (var i in known)
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
        return new CustomerValueAnalysis(bySpend, profit, [.. known], byProfit, whale, [.. overServed]);
    }

    private static double ServiceCost(int interactions, int cases, CostToServe rates) =>
        (interactions * rates.PerInteraction) + (cases * rates.PerCase);
}
