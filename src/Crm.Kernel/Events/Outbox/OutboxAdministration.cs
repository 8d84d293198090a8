using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Events.Outbox;

/// <summary>How many messages wait, how many are being retried, how many gave up.</summary>
public sealed record OutboxSummary(int Waiting, int Retrying, int Dead);

/// <summary>A message that failed at least once: what, for whom, how often, and why.</summary>
public sealed record OutboxProblem(
    Guid Id, Guid EventId, string EventType, string Handler, DateTime OccurredAtUtc, int Attempts, DateTime AvailableAtUtc,
    DateTime? DeadAtUtc, string? LastError, string Payload);

/// <summary>For Admins: the outbox's failures, and retrying or discarding a message.</summary>
public sealed class OutboxAdministration(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, TimeProvider clock)
{
    public const int MaxListed = 200;

    public async Task<OutboxSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.OutboxMessages
            .GroupBy(m => m.DeadAtUtc != null ? 2 : m.Attempts > 0 ? 1 : 0)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Of(int state) => counts.FirstOrDefault(c => c.State == state)?.Count ?? 0;
        return new OutboxSummary(Of(0), Of(1), Of(2));
    }

    /// <summary>The failed messages, the dead first, then by when they were raised (at most <see cref="MaxListed"/>).</summary>
    public async Task<IReadOnlyList<OutboxProblem>> ProblemsAsync(CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Attempts > 0 || m.DeadAtUtc != null)
            .OrderBy(m => m.DeadAtUtc == null).ThenBy(m => m.OccurredAtUtc)
            .Take(MaxListed)
            .Select(m => new OutboxProblem(m.Id, m.EventId, m.EventType, m.Handler, m.OccurredAtUtc, m.Attempts, m.AvailableAtUtc,
                m.DeadAtUtc, m.LastError, m.Payload))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Delivers the message again with the next sweep (a dead one too), its attempts counted from zero.</summary>
    public async Task RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.AvailableAtUtc, now)
            .SetProperty(m => m.DeadAtUtc, (DateTime?)null)
            .SetProperty(m => m.LeaseToken, (Guid?)null)
            .SetProperty(m => m.LeasedUntilUtc, (DateTime?)null), cancellationToken);
        if (changed == 0)
        {
            throw new NotFoundException("The message is no longer in the outbox (it was delivered or discarded).");
        }
    }

    /// <summary>Removes the message: its handler will never see the event.</summary>
    public async Task DiscardAsync(Guid id, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.OutboxMessages.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new NotFoundException("The message is no longer in the outbox (it was delivered or discarded).");
        }
    }

    private void EnsureAdmin()
    {
        if (!currentUser.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only Admins see and manage the event outbox.");
        }
    }
}
