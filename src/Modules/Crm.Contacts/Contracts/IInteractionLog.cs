using Crm.Kernel;

namespace Crm.Contacts.Contracts;

/// <summary>One contact with a customer, as another module reports it (an order placed, a case opened, a campaign response).</summary>
public sealed record InteractionEntry(
    long CustomerId,
    Channel Channel,
    InteractionDirection Direction,
    InteractionType Type,
    DateTime OccurredAtUtc,
    string Subject,
    string? Notes = null,
    string? Outcome = null,
    string? HandledBy = null,
    string? OrderId = null,
    string? CaseId = null,
    string? CampaignId = null);

/// <summary>How every module records its contacts with a customer on the CCR timeline.</summary>
public interface IInteractionLog
{
    /// <summary>Records the interaction and returns its id. Throws <see cref="Crm.Kernel.Errors.NotFoundException"/> for an unknown customer.</summary>
    Task<long> RecordAsync(InteractionEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records many interactions at once (imports, generators): one transaction, then the customers' last-contact times.
    /// Returns how many were written. Throws <see cref="Crm.Kernel.Errors.NotFoundException"/> (writing nothing) when a customer is unknown.
    /// </summary>
    Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken = default);
}

/// <summary>
/// Another module reports a contact with a customer as part of its own change (an order placed, a case replied to):
/// raise it with <c>db.RaiseAfterCommit</c> in that change's transaction, and Contacts puts it on the timeline once the
/// change has committed, exactly once per event. An entry for a customer erased or merged away meanwhile is dropped.
/// </summary>
public sealed record InteractionReported(InteractionEntry Entry) : Crm.Kernel.Events.IIntegrationEvent;
