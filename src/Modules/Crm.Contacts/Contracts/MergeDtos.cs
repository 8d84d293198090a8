namespace Crm.Contacts.Contracts;

/// <summary>The single-valued fields of a customer a Manager chooses between when merging two customers.</summary>
public enum MergeField
{
    FirstName,
    LastName,
    CompanyName,
    JobTitle,

    /// <summary>The company a person belongs to (the company link).</summary>
    Company,
    Website,
    Industry,
    Source,
    Notes,
    Owner,
    ExternalId,
    Address,
}

/// <summary>Which fields the survivor takes from the merged customer; every other field keeps the survivor's value.</summary>
public sealed record MergeChoices(IReadOnlySet<MergeField> TakeFromMerged)
{
    public static MergeChoices KeepSurvivor { get; } = new(new HashSet<MergeField>());

    public bool Takes(MergeField field) => TakeFromMerged.Contains(field);
}

/// <summary>
/// Merge <see cref="MergedId"/> into the customer named in the URL. Both versions are the ones you read (a change made
/// meanwhile is a 409); <see cref="TakeFromMerged"/> lists the fields whose value comes from the merged customer.
/// </summary>
public sealed record MergeCustomersRequest
{
    public long MergedId { get; init; }

    public Guid SurvivorVersion { get; init; }

    public Guid MergedVersion { get; init; }

    public IReadOnlyList<MergeField> TakeFromMerged { get; init; } = [];
}

/// <summary>One side of a likely duplicate pair.</summary>
public sealed record DuplicatePairMember(
    long Id, CustomerKind Kind, string DisplayName, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, string? City);

/// <summary>Two active customers that look like the same one, and why (same email, same phone, same name in the same city or company).</summary>
public sealed record DuplicatePair(DuplicatePairMember First, DuplicatePairMember Second, string Reason);
