using System.Data.Common;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Kernel.Events.Outbox;

/// <summary>
/// Writes the events raised on a <see cref="CrmDbContext"/> to the outbox in the same transaction as the change: with the
/// context's next save, or, for events raised after the last save in an explicit transaction, as that transaction
/// commits. Once committed, the messages go to this process's dispatcher; a failed save or a rollback drops them.
/// </summary>
public sealed class OutboxInterceptor(OutboxWriter writer) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddPending(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddPending(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        InsertPendingAsync(eventData.Context, transaction, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await InsertPendingAsync(eventData.Context, transaction, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => HandOver(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        HandOver(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    // With the save: the messages become rows of that save (its own transaction, or the caller's).
    private void AddPending(DbContext? context)
    {
        if (context is CrmDbContext db && db.HasPendingEvents)
        {
            var messages = writer.Messages(db.TakePendingEvents(), db.ActorId);
            db.AddRange(messages);
            db.OutboxWritten.AddRange(messages);
        }
    }

    private void AfterSave(DbContext? context)
    {
        if (context is not CrmDbContext db)
        {
            return;
        }

        foreach (var message in db.OutboxWritten)
        {
            // Delivered and deleted elsewhere from now on: the context must not hold on to them.
            db.Entry(message).State = EntityState.Detached;
        }

        if (db.Database.CurrentTransaction is null)
        {
            HandOver(db);
        }
    }

    private async Task InsertPendingAsync(DbContext? context, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (context is CrmDbContext db && db.HasPendingEvents)
        {
            var messages = writer.Messages(db.TakePendingEvents(), db.ActorId);
            await OutboxWriter.InsertAsync(db, transaction, messages, cancellationToken).ConfigureAwait(false);
            db.OutboxWritten.AddRange(messages);
        }
    }

    private void HandOver(DbContext? context)
    {
        if (context is CrmDbContext db && db.OutboxWritten.Count > 0)
        {
            writer.Committed([.. db.OutboxWritten]);
            db.OutboxWritten.Clear();
        }
    }

    private static void Drop(DbContext? context)
    {
        if (context is CrmDbContext db)
        {
            db.TakePendingEvents();
            db.OutboxWritten.Clear();
        }
    }
}
