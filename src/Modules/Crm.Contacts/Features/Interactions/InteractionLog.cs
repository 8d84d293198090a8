using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Interactions.Writing;

namespace Crm.Contacts.Features.Interactions;

/// <summary>The contract other modules use to put their contacts (orders, cases, campaign responses) on the timeline.</summary>
internal sealed class InteractionLog(InteractionWriter writer) : IInteractionLog
{
    public Task<long> RecordAsync(InteractionEntry entry, CancellationToken cancellationToken = default) =>
        writer.RecordAsync(entry, cancellationToken);

    public Task<int> RecordManyAsync(IReadOnlyList<InteractionEntry> entries, CancellationToken cancellationToken = default) =>
        writer.RecordManyAsync(entries, cancellationToken);
}
