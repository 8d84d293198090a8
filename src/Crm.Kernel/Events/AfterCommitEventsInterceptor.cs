using System.Data.Common;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Kernel.Events;

/// <summary>
/// Publishes the events raised on a <see cref="CrmDbContext"/> once they are durable: right after SaveChanges when no
/// explicit transaction is open, otherwise when that transaction commits. A failed save or a rollback discards them.
/// </summary>
public sealed class AfterCommitEventsInterceptor(IIntegrationEventPublisher publisher)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CrmDbContext context && context.Database.CurrentTransaction is null)
        {
            await PublishPendingAsync(context, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is CrmDbContext context && context.Database.CurrentTransaction is null)
        {
            PublishPendingAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CrmDbContext context)
        {
            await PublishPendingAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is CrmDbContext context)
        {
            PublishPendingAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Discard(DbContext? context) => (context as CrmDbContext)?.TakePendingEvents();

    private Task PublishPendingAsync(CrmDbContext context, CancellationToken cancellationToken) =>
        publisher.PublishAsync(context.TakePendingEvents(), cancellationToken);
}
