using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Service.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Notifications.Notify;

/// <summary>
/// Stores the notifications a batch of events gives, in one transaction with the events' idempotency records (a
/// redelivered event notifies nobody twice), then tells the open apps.
/// </summary>
internal sealed class NotificationWriter(IDbContextFactory<CrmDbContext> contexts, AgentNotifier notifier, TimeProvider clock)
{
    public async Task WriteAsync<THandler, TEvent>(
        IReadOnlyList<EventEnvelope<TEvent>> events,
        Func<CrmDbContext, IReadOnlyList<EventEnvelope<TEvent>>, CancellationToken, Task<IReadOnlyList<AgentNotification>>> notificationsOf,
        CancellationToken cancellationToken)
        where THandler : IIntegrationEventHandler<TEvent>
        where TEvent : IIntegrationEvent
    {
        HashSet<string> recipients;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var fresh = await db.FirstDeliveriesAsync<THandler, TEvent>(events, clock.GetUtcNow().UtcDateTime, cancellationToken);
            var notifications = fresh.Count == 0 ? [] : await notificationsOf(db, fresh, cancellationToken);
            db.AddRange(notifications);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            recipients = [.. notifications.Select(n => n.RecipientId)];
        }

        notifier.Publish(recipients);
    }
}
