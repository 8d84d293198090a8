using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Agents;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Queues;

/// <summary>Queues with their members and backlog, for everyone who works cases.</summary>
internal sealed class QueueQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, CaseWorkers workers)
{
    /// <summary>Every queue, active ones first, by name; <paramref name="activeOnly"/> for pickers.</summary>
    public async Task<IReadOnlyList<QueueDetails>> ListAsync(bool activeOnly = false, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Include(q => q.Members)
            .Where(q => !activeOnly || q.IsActive)
            .ToListAsync(cancellationToken);
        return await DetailsAsync(db, [.. queues.OrderByDescending(q => q.IsActive).ThenBy(q => q.Name, StringComparer.CurrentCultureIgnoreCase)], cancellationToken);
    }

    public async Task<QueueDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queue = await db.Set<ServiceQueue>().AsNoTracking().Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No queue with id {id}.");
        return (await DetailsAsync(db, [queue], cancellationToken)).Single();
    }

    /// <summary>The queues the signed-in agent is a member of.</summary>
    public async Task<IReadOnlyList<long>> MineAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<QueueMember>().Where(m => m.AgentId == currentUser.ActorId).Select(m => m.QueueId).ToListAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<QueueDetails>> DetailsAsync(CrmDbContext db, IReadOnlyList<ServiceQueue> queues, CancellationToken cancellationToken)
    {
        var ids = queues.Select(q => q.Id).ToList();
        var backlog = await db.Set<ServiceCase>()
            .Where(c => c.QueueId != null && ids.Contains(c.QueueId.Value) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .GroupBy(c => c.QueueId!.Value)
            .Select(g => new { QueueId = g.Key, Open = g.Count(), Unassigned = g.Count(c => c.OwnerId == null) })
            .ToDictionaryAsync(b => b.QueueId, cancellationToken);
        var agentIds = queues.SelectMany(q => q.Members.Select(m => m.AgentId)).Distinct(StringComparer.Ordinal).ToList();
        var availability = await db.Set<AgentAvailability>().AsNoTracking().Where(a => agentIds.Contains(a.AgentId)).ToDictionaryAsync(a => a.AgentId, cancellationToken);
        var open = await AgentAvailabilities.OpenCasesAsync(db, agentIds, cancellationToken);
        var names = await workers.NamesAsync(agentIds.Concat(queues.Where(q => q.SupervisorId != null).Select(q => q.SupervisorId!)), cancellationToken);
        var calendarIds = queues.Where(q => q.CalendarId != null).Select(q => q.CalendarId!.Value).Distinct().ToList();
        var calendars = await db.Set<Domain.Calendars.ServiceCalendar>().AsNoTracking().Where(c => calendarIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return [.. queues.Select(q => new QueueDetails(
            q.Id, q.Name, q.Description, q.Strategy, q.SupervisorId, q.SupervisorId is null ? null : names.GetValueOrDefault(q.SupervisorId),
            q.IsDefault, q.IsActive, backlog.GetValueOrDefault(q.Id)?.Open ?? 0, backlog.GetValueOrDefault(q.Id)?.Unassigned ?? 0,
            [.. q.Members.Select(m =>
            {
                var a = availability.GetValueOrDefault(m.AgentId) ?? AgentAvailability.For(m.AgentId);
                return new QueueMemberView(m.AgentId, names.GetValueOrDefault(m.AgentId) ?? m.AgentId, a.Presence, open.GetValueOrDefault(m.AgentId), a.Capacity);
            }).OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)],
            q.Version, q.CalendarId, q.CalendarId is { } c ? calendars.GetValueOrDefault(c) : null))];
    }
}
