using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Auditing;

namespace Crm.Contacts.Domain;

/// <summary>
/// One contact with a customer on one channel: the heart of the Customer Contact Repository. Links to records of other
/// modules (order, case, campaign) are plain ids, never foreign keys.
/// </summary>
internal sealed class Interaction : AuditableEntity
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public Channel Channel { get; set; }

    public InteractionDirection Direction { get; set; }

    public InteractionType Type { get; set; }

    public DateTime OccurredAtUtc { get; set; }

    public int? DurationSeconds { get; set; }

    public string Subject { get; set; } = "";

    public string? Notes { get; set; }

    public string? Outcome { get; set; }

    /// <summary>The user who handled the contact (id), or the integration that recorded it.</summary>
    public string? HandledBy { get; set; }

    public string? OrderId { get; set; }

    public string? CaseId { get; set; }

    public string? CampaignId { get; set; }
}
