namespace Crm.Sales.Contracts;

/// <summary>What to generate: products, and for every existing (active) customer, orders and opportunities.</summary>
public sealed record SalesGeneration
{
    /// <summary>How many products to add (0: use the active products already in the catalogue).</summary>
    public int Products { get; init; } = 200;

    /// <summary>Mean number of sales orders per customer over the history (skewed: many buy rarely, a few very often).</summary>
    public double OrdersPerCustomer { get; init; } = 4;

    /// <summary>Mean number of lines per order (at least 1).</summary>
    public double LinesPerOrder { get; init; } = 2.5;

    /// <summary>Mean number of opportunities per customer.</summary>
    public double OpportunitiesPerCustomer { get; init; } = 0.3;

    /// <summary>How far back orders go, in days (default about two years).</summary>
    public int HistoryDays { get; init; } = 730;

    /// <summary>Also put every sale on the customer's timeline in the CCR (an Order interaction).</summary>
    public bool RecordOnTimeline { get; init; } = true;

    /// <summary>The same seed on the same customers and an empty Sales module gives the same data.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>How far a generation has come: customers done, then (for large loads on SQLite) the order indexes being built.</summary>
public sealed record SalesGenerationProgress(int Customers, bool BuildingIndexes);

public sealed record GeneratedSales(
    int Products, int Customers, int Opportunities, int Orders, int OrderLines, int Returns, int Cancellations, int TimelineEntries, TimeSpan Elapsed);

/// <summary>
/// Fills the Sales module with realistic, deterministic (seeded) data for the customers already in the CCR: a product
/// catalogue, opportunities across the pipeline, and two years of orders with skewed customer value, individual purchase
/// rhythms, customers who stop buying, products bought together, returns and cancellations.
/// </summary>
public interface ISalesDataGenerator
{
    /// <summary>How many orders (of any kind) the Sales module holds (the Development demo set is only added when there are none).</summary>
    Task<int> CountOrdersAsync(CancellationToken cancellationToken = default);

    /// <param name="progress">Receives the number of customers processed so far, and when the indexes are being built.</param>
    Task<GeneratedSales> GenerateAsync(SalesGeneration options, IProgress<SalesGenerationProgress>? progress, CancellationToken cancellationToken = default);
}
