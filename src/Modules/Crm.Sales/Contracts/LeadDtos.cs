using System.Text.Json.Serialization;
using Crm.Contacts.Contracts;
using Crm.Kernel.Api;

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
    Guid Version) : IVersioned;

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

/// <summary>
/// The fields a web site's form posts to <c>POST /web-to-lead</c> (as a form or as JSON with the same names). Email or
/// phone is required; <c>website</c> is the hidden honeypot that people leave empty.
/// </summary>
public sealed record WebToLeadForm
{
    [JsonPropertyName("first_name")] public string? FirstName { get; init; }

    [JsonPropertyName("last_name")] public string? LastName { get; init; }

    [JsonPropertyName("company")] public string? Company { get; init; }

    [JsonPropertyName("email")] public string? Email { get; init; }

    [JsonPropertyName("phone")] public string? Phone { get; init; }

    [JsonPropertyName("message")] public string? Message { get; init; }

    /// <summary>Where the lead came from (default "web").</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }

    /// <summary>An id the form generates once per submission (at most 90 characters): a repeat never creates a second lead.</summary>
    [JsonPropertyName("submission_id")] public string? SubmissionId { get; init; }

    /// <summary>Where a browser is sent after a successful form post (303), if it is on the allow-list.</summary>
    [JsonPropertyName("return_url")] public string? ReturnUrl { get; init; }

    /// <summary>The hidden honeypot: leave it empty (a filled one is answered like a success and stores nothing).</summary>
    [JsonPropertyName("website")] public string? Website { get; init; }
}

/// <summary>The JSON answer of <c>POST /web-to-lead</c> when the lead was received.</summary>
public sealed record WebToLeadReceived(bool Received);
