using System.Collections.Concurrent;
using Crm.Contacts.Contracts;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>External ids whose next look-up should miss, as if a concurrent request had not committed the customer yet.</summary>
public sealed class StaleExternalIdLookups
{
    private readonly ConcurrentDictionary<string, int> misses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<Task>> interruptions = new(StringComparer.Ordinal);

    public void MissOnce(string externalId) => misses[externalId] = 1;

    public bool TakeMiss(string externalId) => misses.TryRemove(externalId, out _);

    /// <summary>Runs <paramref name="meanwhile"/> once, the next time the customer is looked up (before the look-up).</summary>
    public void InterruptOnce(string externalId, Func<Task> meanwhile) => interruptions[externalId] = meanwhile;

    public Task TakeInterruption(string externalId) =>
        interruptions.TryRemove(externalId, out var meanwhile) ? meanwhile() : Task.CompletedTask;
}

/// <summary>
/// The real customer directory, except that a look-up by an external id marked in <see cref="StaleExternalIdLookups"/>
/// misses once (the window in which two first orders of a new customer both find nobody and race to register it) or
/// first lets another call run (orders look customers up after checking their external id and before writing).
/// </summary>
internal sealed class StaleLookupDirectory(ICustomerDirectory inner, StaleExternalIdLookups stale) : ICustomerDirectory
{
    public Task<CustomerSummary?> FindAsync(long customerId, CancellationToken cancellationToken = default) =>
        inner.FindAsync(customerId, cancellationToken);

    public Task<CustomerPreferences?> PreferencesAsync(long customerId, CancellationToken cancellationToken = default) =>
        inner.PreferencesAsync(customerId, cancellationToken);

    public async Task<CustomerSummary?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken = default)
    {
        await stale.TakeInterruption(externalId);
        return stale.TakeMiss(externalId) ? null : await inner.FindByExternalIdAsync(externalId, cancellationToken);
    }

    public Task<CustomerSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        inner.FindByEmailAsync(email, cancellationToken);

    public Task<IReadOnlyDictionary<long, string>> DisplayNamesAsync(IEnumerable<long> customerIds, CancellationToken cancellationToken = default) =>
        inner.DisplayNamesAsync(customerIds, cancellationToken);

    public Task<IReadOnlyList<long>> IdsOwnedByAsync(string ownerId, CancellationToken cancellationToken = default) =>
        inner.IdsOwnedByAsync(ownerId, cancellationToken);

    public Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, CancellationToken cancellationToken = default) =>
        inner.SearchAsync(term, limit, cancellationToken);

    public Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, string? ownerId, CancellationToken cancellationToken = default) =>
        inner.SearchAsync(term, limit, ownerId, cancellationToken);

    public Task<bool> MayContactForMarketingAsync(long customerId, ConsentChannel channel, CancellationToken cancellationToken = default) =>
        inner.MayContactForMarketingAsync(customerId, channel, cancellationToken);
}
