using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.PhoneSystems;

/// <summary>The telephone systems with their queue numbers and extensions, by name (Managers and Admins).</summary>
internal sealed class PhoneSystemQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, CaseWorkers workers)
{
    public const string WebhookBase = "/api/v1/telephony/cti/";

    public async Task<IReadOnlyList<PhoneSystemDetails>> ListAsync(CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.Set<PhoneSystem>().AsNoTracking().Include(s => s.QueueNumbers).Include(s => s.Extensions)
            .OrderByDescending(s => s.IsActive).ThenBy(s => s.Name).AsSplitQuery().ToListAsync(cancellationToken);
        return await DetailsAsync(db, systems, cancellationToken);
    }

    public async Task<PhoneSystemDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await db.Set<PhoneSystem>().AsNoTracking().Include(s => s.QueueNumbers).Include(s => s.Extensions).AsSplitQuery()
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException($"No telephone system with id {id}.");
        return (await DetailsAsync(db, [system], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<PhoneSystemDetails>> DetailsAsync(CrmDbContext db, IReadOnlyList<PhoneSystem> systems, CancellationToken cancellationToken)
    {
        var queueIds = systems.SelectMany(s => s.QueueNumbers).Select(n => n.QueueId).Distinct().ToList();
        var queues = await db.Set<ServiceQueue>().Where(q => queueIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        var names = await workers.NamesAsync(systems.SelectMany(s => s.Extensions).Select(e => e.AgentId).Distinct(), cancellationToken);
        return [.. systems.Select(s => new PhoneSystemDetails(
            s.Id, s.Name, s.Key, s.Authentication, s.IsActive,
            [.. s.QueueNumbers.OrderBy(n => n.Number, StringComparer.Ordinal).Select(n => new QueueNumberView(n.Number, n.QueueId, queues.GetValueOrDefault(n.QueueId) ?? $"Queue {n.QueueId}"))],
            [.. s.Extensions.OrderBy(e => e.Extension, StringComparer.Ordinal).Select(e => new ExtensionView(e.Extension, e.AgentId, names.GetValueOrDefault(e.AgentId) ?? e.AgentId))],
            s.Version))];
    }
}
