namespace Crm.Service.Contracts;

/// <summary>What to generate: the demo queues and their rules, and for every existing (active) customer, cases with their threads.</summary>
public sealed record ServiceGeneration
{
    /// <summary>Mean number of cases per customer (skewed: most customers have none or one, a few have many).</summary>
    public double CasesPerCustomer { get; init; } = 2;

    /// <summary>How far back cases go, in days (default a year); recent cases are more often still open.</summary>
    public int HistoryDays { get; init; } = 365;

    /// <summary>Also put every case's opening, public replies and status changes on the customer's timeline in the CCR.</summary>
    public bool RecordOnTimeline { get; init; } = true;

    /// <summary>The same seed on the same customers, users and an empty Service module gives the same data.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>How far a generation has come: customers done, then (for large loads on SQLite) the case indexes being built.</summary>
public sealed record ServiceGenerationProgress(int Customers, bool BuildingIndexes);

/// <param name="Queues">Demo queues created (those already there are kept as they are).</param>
/// <param name="Customers">Customers gone through.</param>
/// <param name="Cases">Cases written.</param>
/// <param name="Entries">Thread entries written (messages, replies, notes, events).</param>
/// <param name="Warnings">SLA warnings recorded on the threads.</param>
/// <param name="Breaches">SLA breaches recorded on the threads.</param>
/// <param name="OpenCases">Cases neither resolved nor closed now.</param>
/// <param name="BreachedNow">Cases whose SLA is breached now (stored state).</param>
/// <param name="TimelineEntries">Entries put on the customers' timelines.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record GeneratedService(
    int Queues, int Customers, int Cases, int Entries, int Warnings, int Breaches, int OpenCases, int BreachedNow, int TimelineEntries, TimeSpan Elapsed);

/// <summary>
/// Fills the Service module with realistic, deterministic (seeded) data for the customers already in the CCR: the demo
/// queues with members, supervisor, strategies and assignment rules, and a year of cases in every status with threads
/// (customer messages, replies, notes, events), pending periods, and SLA deadlines, warnings and breaches computed by the
/// SLA clock as the sweep would have recorded them.
/// </summary>
public interface IServiceDataGenerator
{
    /// <summary>How many cases the Service module holds (the Development demo set is only added when there are none).</summary>
    Task<int> CountCasesAsync(CancellationToken cancellationToken = default);

    /// <param name="progress">Receives the number of customers processed so far, and when the indexes are being built.</param>
    Task<GeneratedService> GenerateAsync(ServiceGeneration options, IProgress<ServiceGenerationProgress>? progress, CancellationToken cancellationToken = default);
}
