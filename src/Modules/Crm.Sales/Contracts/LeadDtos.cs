using Crm.Contacts.Contracts;

namespace Crm.Sales.Contracts;

/// <summary>A lead as a rep, a manager or an integration enters it. Email or phone is required.</summary>
public sealed record LeadInput
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? CompanyName { get; init; }

    public string? Email { get; init; }

    /// <summary>Any common format; stored as E.164 (a number without country code is read in the default region).</summary>
    public string? Phone { get; init; }

    /// <summary>How the lead reached us: web, phone, event, referral... (defaults to "manual").</summary>
    public string? Source { get; init; }

    public string? Message { get; init; }

    /// <summary>
    /// The rep who gets the lead. Empty: a SalesRep keeps the lead they enter; for a Manager or Admin (and the web form)
    /// the next rep by round-robin gets it.
    /// </summary>
    public string? OwnerId { get; init; }
}

public sealed record LeadDetails(
    long Id,
    string DisplayName,
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string? Email,
    string? Phone,
    string Source,
    string? Message,
    LeadStatus Status,
    string? OwnerId,
    string? OwnerName,
    DateTime? AssignedAtUtc,
    string? DisqualifyReason,
    long? ConvertedCustomerId,
    long? ConvertedOpportunityId,
    DateTime? ConvertedAtUtc,
    DateTime CreatedAtUtc,
    DateTime ModifiedAtUtc,
    Guid Version);

public sealed record LeadListItem(
    long Id, string DisplayName, string? CompanyName, string? Email, string? Phone, string Source, LeadStatus Status,
    string? OwnerId, DateTime CreatedAtUtc);

/// <summary>How the lead list can be sorted.</summary>
public enum LeadSort
{
    Created,
    Name,
    Status,
}

/// <summary>Why a lead is not worth pursuing (required).</summary>
public sealed record DisqualifyLeadInput(string Reason);

/// <summary>Who gets the lead: a user id, or empty for the next rep by round-robin.</summary>
public sealed record AssignLeadInput(string? OwnerId);

/// <summary>
/// Converting a lead: to an existing customer (<see cref="CustomerId"/>) or a new one created from the lead (refused with
/// the likely duplicates unless <see cref="AllowDuplicates"/>), plus an opportunity in the first stage of the pipeline.
/// </summary>
public sealed record ConvertLeadInput
{
    public long? CustomerId { get; init; }

    public bool AllowDuplicates { get; init; }

    /// <summary>Defaults to "&lt;company or name&gt; - new business".</summary>
    public string? OpportunityName { get; init; }

    public decimal Amount { get; init; }

    /// <summary>Defaults to 30 days from today.</summary>
    public DateOnly? ExpectedCloseDate { get; init; }
}

/// <summary>What a conversion did: the customer and opportunity, or the likely duplicates to choose from first.</summary>
public sealed record LeadConversionResult(long? CustomerId, long? OpportunityId, IReadOnlyList<DuplicateCandidate> Duplicates)
{
    public bool Converted => OpportunityId is not null;
}
