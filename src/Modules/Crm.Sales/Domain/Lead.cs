using Crm.Kernel.Auditing;
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
}
