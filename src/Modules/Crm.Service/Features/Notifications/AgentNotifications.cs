using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Notifications;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Notifications;

/// <summary>The signed-in agent's notifications: their own only, newest first; reading one or all of them.</summary>
internal sealed class AgentNotifications(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, AgentNotifier notifier)
{
    public const int MaxPageSize = 100;

    public async Task<AgentNotificationPage> MineAsync(bool unreadOnly = false, int page = 0, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        page = Math.Max(0, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Set<AgentNotification>().AsNoTracking().Where(n => n.RecipientId == currentUser.ActorId);
        var unread = await mine.CountAsync(n => n.ReadAtUtc == null, cancellationToken);
        var listed = unreadOnly ? mine.Where(n => n.ReadAtUtc == null) : mine;
        var total = unreadOnly ? unread : await listed.CountAsync(cancellationToken);
        var items = await listed.OrderByDescending(n => n.Id).Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(n => new { n.Id, n.Kind, n.CaseId, n.Text, n.AtUtc, Read = n.ReadAtUtc != null })
            .ToListAsync(cancellationToken);
        return new AgentNotificationPage(
            [.. items.Select(n => new AgentNotificationView(n.Id, n.Kind, n.CaseId, ServiceCase.NumberOf(n.CaseId), n.Text, n.AtUtc, n.Read))],
            total, page, pageSize, unread);
    }

    /// <summary>Marks one of the agent's notifications read; another user's is not found.</summary>
    public async Task MarkReadAsync(long id, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var notification = await db.Set<AgentNotification>().SingleOrDefaultAsync(n => n.Id == id && n.RecipientId == currentUser.ActorId, cancellationToken)
            ?? throw new NotFoundException($"You have no notification {id}.");
        if (notification.MarkRead(clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Marks the signed-in user's unread notifications about one case read, because they have opened it; their open apps'
    /// bells update. Anyone may call it: it touches only their own notifications.
    /// </summary>
    public async Task MarkCaseReadAsync(long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var unread = db.Set<AgentNotification>().Where(n => n.RecipientId == currentUser.ActorId && n.CaseId == caseId && n.ReadAtUtc == null);
        // Every case page view asks: a read first, so a view with nothing unread does not take SQLite's write lock.
        if (!await unread.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var read = await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
        if (read > 0)
        {
            notifier.Publish(new HashSet<string> { currentUser.ActorId });
        }
    }

    /// <summary>Marks all the agent's notifications read; answers how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<AgentNotification>().Where(n => n.RecipientId == currentUser.ActorId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
    }
}
