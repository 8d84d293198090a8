using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;

namespace Crm.Sales.Domain;

/// <summary>Someone who may become a customer: entered by a rep or posted by the web site's form.</summary>
internal sealed class Lead : AuditableEntity
{
    public long Id { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? CompanyName { get; set; }

    /// <summary>Lower-case.</summary>
    public string? Email { get; set; }

    /// <summary>E.164 when it could be parsed.</summary>
    public string? Phone { get; set; }

    /// <summary>How the lead reached us: web form, phone, event, referral...</summary>
    public string Source { get; set; } = "";

    public string? Message { get; set; }

    public LeadStatus Status { get; set; }

    public string? OwnerId { get; set; }

    /// <summary>When the current owner got the lead (round-robin assignment picks the rep assigned least recently).</summary>
    public DateTime? AssignedAtUtc { get; set; }

    public string? DisqualifyReason { get; set; }

    /// <summary>Identifies one submission of the web form: a double submit finds the lead it already created.</summary>
    public string? SubmissionKey { get; set; }

    public long? ConvertedCustomerId { get; set; }

    public long? ConvertedOpportunityId { get; set; }

    public DateTime? ConvertedAtUtc { get; set; }

    /// <summary>Why the lead can no longer be qualified, disqualified or converted: null while it is not converted.</summary>
    public string? EditRefusal => Status == LeadStatus.Converted ? "This lead has already been converted." : null;

    /// <summary>Why the lead can no longer be assigned: null while it is not converted (its opportunity has its own owner).</summary>
    public string? AssignRefusal => Status == LeadStatus.Converted
        ? "This lead has been converted; its opportunity has an owner of its own."
        : null;

    /// <summary>Why the lead cannot be converted now: null unless it is disqualified (or converted already).</summary>
    public string? ConvertRefusal => EditRefusal ?? (Status == LeadStatus.Disqualified ? "Qualify the lead again before converting it." : null);

    /// <summary>Qualifies the lead and forgets any disqualify reason. False when it was qualified already: nothing changes.</summary>
    public bool Qualify()
    {
        EnsureEditable();
        if (Status == LeadStatus.Qualified)
        {
            return false;
        }

        Status = LeadStatus.Qualified;
        DisqualifyReason = null;
        return true;
    }

    /// <summary>Disqualifies the lead with a reason (required, at most 500 characters); a refused reason changes nothing.</summary>
    public OperationResult Disqualify(string? reason)
    {
        EnsureEditable();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return OperationResult.Failure(nameof(DisqualifyLeadInput.Reason), "Say why the lead is disqualified.");
        }

        if (reason.Trim().Length > 500)
        {
            return OperationResult.Failure(nameof(DisqualifyLeadInput.Reason), "The reason may have at most 500 characters.");
        }

        Status = LeadStatus.Disqualified;
        DisqualifyReason = reason.Trim();
        return OperationResult.Success;
    }

    /// <summary>Hands the lead to <paramref name="ownerId"/> (the caller checked they may own leads) as of <paramref name="nowUtc"/>.</summary>
    public void AssignTo(string ownerId, DateTime nowUtc)
    {
        if (AssignRefusal is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        OwnerId = ownerId;
        AssignedAtUtc = nowUtc;
    }

    /// <summary>Marks the lead converted to <paramref name="customerId"/>; the opportunity's id follows once it is saved.</summary>
    public void MarkConverted(long customerId, DateTime nowUtc)
    {
        if (ConvertRefusal is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        Status = LeadStatus.Converted;
        ConvertedCustomerId = customerId;
        ConvertedAtUtc = nowUtc;
    }

    private void EnsureEditable()
    {
        if (EditRefusal is { } refusal)
        {
            throw new ConflictException(refusal);
        }
    }
}
