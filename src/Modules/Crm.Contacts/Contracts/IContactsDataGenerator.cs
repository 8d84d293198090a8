namespace Crm.Contacts.Contracts;

public sealed record GeneratedContacts(int Customers, int Companies, int Interactions, TimeSpan Elapsed);

/// <summary>A customer's id and owning user, as other modules' data generators need them.</summary>
public readonly record struct GeneratorCustomer(long CustomerId, string? OwnerId);

/// <summary>Fills the CCR with realistic, deterministic (seeded) customers, contact people and interactions.</summary>
public interface IContactsDataGenerator
{
    /// <summary>How many customers the CCR holds (the Development demo set is only added to an empty CCR).</summary>
    Task<int> CountCustomersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Active customers with an id above <paramref name="afterId"/>, in id order, at most <paramref name="limit"/>: other
    /// modules' generators page through them to add orders, opportunities or cases for existing customers.
    /// </summary>
    Task<IReadOnlyList<GeneratorCustomer>> ListCustomersAsync(long afterId, int limit, CancellationToken cancellationToken = default);

    /// <param name="customers">How many customers to add (people and companies).</param>
    /// <param name="interactionsPerCustomer">Mean number of interactions per customer.</param>
    /// <param name="seed">The same seed on an empty database gives the same data.</param>
    /// <param name="progress">Receives the number of customers written so far.</param>
    Task<GeneratedContacts> GenerateAsync(int customers, double interactionsPerCustomer, int seed, IProgress<int>? progress, CancellationToken cancellationToken = default);
}
