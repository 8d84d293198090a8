using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Events.Outbox;

/// <summary>Writes events that follow no change of the caller's context to the outbox at once (a save of their own).</summary>
internal sealed class OutboxPublisher(IDbContextFactory<CrmDbContext> contexts) : IIntegrationEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var integrationEvent in events)
        {
            db.RaiseAfterCommit(integrationEvent);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
