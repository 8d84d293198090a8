using Crm.Sales.Domain;

namespace Crm.Sales.Features.Orders.Writing;

/// <summary>
/// Group commit for orders placed one per call. On SQLite every commit waits for the disk (about 2 ms here) and writers
/// queue for one lock, so a transaction per order caps the rate far below the target. Callers queue their built orders;
/// whoever holds the gate writes everything queued by the same actor (audit columns name the actor of the writing
/// scope) in one transaction (with their timeline entries) and hands each caller its outcome. A failing batch is retried
/// order by order, so one bad order (a replay that raced us) fails alone. With one caller at a time it degenerates to
/// a transaction per order, as before.
/// </summary>
internal sealed class OrderWriteBatcher : IDisposable
{
    private const int MaxBatch = 200;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock queueLock = new();
    private readonly List<Pending> queue = [];

    public sealed class Pending(Order order, string actorId)
    {
        public Order Order { get; } = order;

        public string ActorId { get; } = actorId;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Writes <paramref name="orders"/> (one caller's) through <paramref name="write"/>, which may receive other callers'
    /// orders of the same actor as well. Returns when they are committed, or throws what their write threw.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<Order> orders, string actorId, Func<IReadOnlyList<Order>, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        var mine = orders.Select(o => new Pending(o, actorId)).ToList();
        lock (queueLock)
        {
            queue.AddRange(mine);
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (queueLock)
            {
                queue.RemoveAll(mine.Contains);
            }

            throw;
        }

        try
        {
            while (mine.Any(p => !p.Done.Task.IsCompleted))
            {
                // Let requests that are ready to run reach the queue first: the commit then carries them too.
                await Task.Yield();
                List<Pending> batch;
                lock (queueLock)
                {
                    batch = [.. queue.Where(p => p.ActorId == actorId).Take(MaxBatch)];
                    foreach (var p in batch)
                    {
                        queue.Remove(p);
                    }
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await WriteBatchAsync(batch, write);
            }
        }
        finally
        {
            gate.Release();
        }

        await Task.WhenAll(mine.Select(p => p.Done.Task));
    }

    private static async Task WriteBatchAsync(List<Pending> batch, Func<IReadOnlyList<Order>, CancellationToken, Task> write)
    {
        // Not the caller's token: the batch holds other callers' orders too.
        try
        {
            await write([.. batch.Select(p => p.Order)], CancellationToken.None);
            batch.ForEach(p => p.Done.TrySetResult());
            return;
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var p in batch)
            {
                Reset(p.Order);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }

        foreach (var p in batch)
        {
            try
            {
                await write([p.Order], CancellationToken.None);
                p.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>An order whose write failed goes back to its unsaved state (ids were assigned by the failed save).</summary>
    public static void Reset(Order order)
    {
        order.Id = 0;
        order.Lines.ForEach(l => (l.Id, l.OrderId) = (0, 0));
    }
}
