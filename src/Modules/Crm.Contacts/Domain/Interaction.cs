using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
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

    /// <summary>
    /// The "is this really you?" code the agent gave the customer with this outbound contact (<c>K7QM-XW3P</c>), for the
    /// agent to read out or write in the message; checked on /verify through its hash.
    /// </summary>
    public string? VerificationCode { get; set; }

    /// <summary>
    /// Whether a contact gets a verification code: one a person makes to the customer by phone, email or SMS (a call, an
    /// email or a text prepared for sending); notes, orders, cases and inbound contacts do not.
    /// </summary>
    public bool NeedsVerificationCode => Direction == InteractionDirection.Outbound
        && Channel is Channel.Phone or Channel.Email or Channel.Sms
        && Type is not (InteractionType.Note or InteractionType.Order or InteractionType.Case or InteractionType.CampaignResponse);

    /// <summary>A contact a person logs by hand: handled by them, at the time they give or now.</summary>
    public static Interaction Log(long customerId, InteractionInput input, DateTime nowUtc, string actorId)
    {
        var interaction = new Interaction { CustomerId = customerId, OccurredAtUtc = nowUtc, HandledBy = actorId };
        interaction.Apply(input);
        return interaction;
    }

    /// <summary>A contact another module reports: handled by whom it names, or else by <paramref name="actorId"/>.</summary>
    public static Interaction From(InteractionEntry entry, string actorId) => new()
    {
        CustomerId = entry.CustomerId,
        Channel = entry.Channel,
        Direction = entry.Direction,
        Type = entry.Type,
        OccurredAtUtc = entry.OccurredAtUtc,
        Subject = entry.Subject,
        Notes = entry.Notes,
        Outcome = entry.Outcome,
        HandledBy = entry.HandledBy ?? actorId,
        OrderId = entry.OrderId,
        CaseId = entry.CaseId,
        CampaignId = entry.CampaignId,
    };

    /// <summary>
    /// Why <paramref name="actorId"/> may not correct this interaction: null for the person who logged it and for Managers
    /// and Admins; everyone else reads the timeline but leaves other people's entries alone.
    /// </summary>
    public string? CorrectRefusal(string actorId, bool isManagerOrAdmin) => isManagerOrAdmin || CreatedBy == actorId
        ? null
        : "Only the person who logged this interaction, a Manager or an Admin may change it.";

    /// <summary>
    /// Replaces what was recorded with the (validated) correction: a correction without a time keeps the recorded one, and
    /// who handled the contact stays.
    /// </summary>
    public void Correct(InteractionInput input) => Apply(input);

    private void Apply(InteractionInput input)
    {
        Channel = input.Channel;
        Direction = input.Direction;
        Type = input.Type;
        OccurredAtUtc = input.OccurredAtUtc ?? OccurredAtUtc;
        DurationSeconds = input.DurationSeconds;
        Subject = input.Subject.Trim();
        Notes = Trimmed.OrNull(input.Notes);
        Outcome = Trimmed.OrNull(input.Outcome);
        OrderId = Trimmed.OrNull(input.OrderId);
        CaseId = Trimmed.OrNull(input.CaseId);
        CampaignId = Trimmed.OrNull(input.CampaignId);
    }
}
