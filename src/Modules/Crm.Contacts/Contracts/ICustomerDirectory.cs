namespace Crm.Contacts.Contracts;

public sealed record CustomerSummary(
    long Id, CustomerKind Kind, string DisplayName, string? CompanyName, string? PrimaryEmail, string? PrimaryPhone,
    string? City, string? OwnerId, string? ExternalId, bool IsActive, bool DoNotContact, DateTime? LastContactAtUtc);

/// <summary>
/// How the customer wants to be dealt with, for those who serve them (the service agent's workspace, the screen pop): whether
/// and on which channels marketing may contact them, their tags, the notes colleagues keep on them, and the preferences and
/// personal details colleagues remembered (by category).
/// </summary>
public sealed record CustomerPreferences(
    long CustomerId, bool DoNotContact, IReadOnlyList<ChannelConsent> Consents, IReadOnlyList<string> Tags, string? Notes,
    IReadOnlyList<PreferenceFactDto> Facts);

/// <summary>The customer's latest marketing consent on one channel: given or withdrawn, when and where.</summary>
public sealed record ChannelConsent(ConsentChannel Channel, bool Granted, DateTime RecordedAtUtc, string Source);

/// <summary>What other modules may ask about customers: look-ups, search, and whether marketing may contact them.</summary>
public interface ICustomerDirectory
{
    Task<CustomerSummary?> FindAsync(long customerId, CancellationToken cancellationToken = default);

    /// <summary>The customer's preferences, remembered facts, tags and notes (any signed-in role may read them); null for an unknown customer.</summary>
    Task<CustomerPreferences?> PreferencesAsync(long customerId, CancellationToken cancellationToken = default);

    Task<CustomerSummary?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken = default);

    Task<CustomerSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>The display names of many customers in one round trip per 500 ids (lists and boards); unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, string>> DisplayNamesAsync(IEnumerable<long> customerIds, CancellationToken cancellationToken = default);

    /// <summary>The ids of the active and inactive customers <paramref name="ownerId"/> owns (what a rep's scoped lists filter by).</summary>
    Task<IReadOnlyList<long>> IdsOwnedByAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>Name, company, email or phone (any common format), best matches first.</summary>
    Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="SearchAsync(string, int, CancellationToken)"/>, among the customers of <paramref name="ownerId"/> only when one is given.</summary>
    Task<IReadOnlyList<CustomerSummary>> SearchAsync(string term, int limit, string? ownerId, CancellationToken cancellationToken = default);

    /// <summary>False when the customer asked not to be contacted, or has not consented on (or withdrew) this channel.</summary>
    Task<bool> MayContactForMarketingAsync(long customerId, ConsentChannel channel, CancellationToken cancellationToken = default);
}
