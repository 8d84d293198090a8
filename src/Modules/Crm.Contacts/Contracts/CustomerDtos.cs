using Crm.Kernel;
using Crm.Kernel.Api;

namespace Crm.Contacts.Contracts;

/// <summary>What a person or integration sends to create or change a customer. Emails and phones in any common format.</summary>
public sealed record CustomerInput
{
    public CustomerKind Kind { get; init; } = CustomerKind.Person;

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    /// <summary>The company's name (companies), or the employer's name shown for a person who has no company record.</summary>
    public string? CompanyName { get; init; }

    public string? JobTitle { get; init; }

    /// <summary>For a person: the company customer they belong to.</summary>
    public long? CompanyId { get; init; }

    public IReadOnlyList<string> Emails { get; init; } = [];

    public IReadOnlyList<string> Phones { get; init; } = [];

    public AddressDto? Address { get; init; }

    public string? Website { get; init; }

    public string? Industry { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The owning user's id. A SalesRep may leave it empty (they become the owner) or name themselves.</summary>
    public string? OwnerId { get; init; }

    public string? Notes { get; init; }

    public string? ExternalId { get; init; }
}

public sealed record AddressDto(string? Street, string? PostalCode, string? City, string? Region, string? Country);

public sealed record ConsentDto(ConsentChannel Channel, bool Granted, DateTime RecordedAtUtc, string Source);

public sealed record CustomerDetails(
    long Id,
    CustomerKind Kind,
    string DisplayName,
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string? JobTitle,
    long? CompanyId,
    string? CompanyDisplayName,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    AddressDto? Address,
    string? Website,
    string? Industry,
    string? Source,
    IReadOnlyList<string> Tags,
    string? OwnerId,
    string? Notes,
    string? ExternalId,
    bool IsActive,
    bool DoNotContact,
    IReadOnlyList<ConsentDto> Consents,
    DateTime? LastContactAtUtc,
    DateTime CreatedAtUtc,
    DateTime ModifiedAtUtc,
    Guid Version) : IVersioned;

public sealed record CustomerListItem(
    long Id, CustomerKind Kind, string DisplayName, string? CompanyName, string? PrimaryEmail, string? PrimaryPhone, string? City,
    string? OwnerId, bool IsActive, DateTime CreatedAtUtc, DateTime? LastContactAtUtc);

/// <summary>A likely duplicate of a customer being saved, and why it looks like one.</summary>
public sealed record DuplicateCandidate(long Id, string DisplayName, string? PrimaryEmail, string? PrimaryPhone, string? City, string Reason);

public sealed record InteractionInput
{
    public Channel Channel { get; init; } = Channel.Phone;

    public InteractionDirection Direction { get; init; } = InteractionDirection.Outbound;

    public InteractionType Type { get; init; } = InteractionType.Call;

    /// <summary>When it happened (UTC); defaults to now.</summary>
    public DateTime? OccurredAtUtc { get; init; }

    public int? DurationSeconds { get; init; }

    public string Subject { get; init; } = "";

    public string? Notes { get; init; }

    public string? Outcome { get; init; }

    public string? OrderId { get; init; }

    public string? CaseId { get; init; }

    public string? CampaignId { get; init; }
}

public sealed record InteractionDto(
    long Id, long CustomerId, Channel Channel, InteractionDirection Direction, InteractionType Type, DateTime OccurredAtUtc,
    int? DurationSeconds, string Subject, string? Notes, string? Outcome, string? HandledBy, string? OrderId, string? CaseId,
    string? CampaignId, Guid Version, string? VerificationCode = null) : IVersioned;
