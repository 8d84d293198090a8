using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Agents;

/// <summary>
/// The agents' presence and capacity: an agent sets their own presence (the app bar, the API), a Manager or Admin sets an
/// agent's capacity, and the app marks an agent Offline when their last app closes and back when they return.
/// </summary>
internal sealed class AgentAvailabilities(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, CaseWorkers workers)
{
    /// <summary>The signed-in agent's availability.</summary>
    public async Task<AgentAvailabilityView> MineAsync(CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        return (await ViewsAsync([currentUser.ActorId], cancellationToken)).Single();
    }

    /// <summary>Every agent who may own cases, with presence, open cases and capacity (Managers and Admins).</summary>
    public async Task<IReadOnlyList<AgentAvailabilityView>> ListAsync(CancellationToken cancellationToken = default)
    {
        EnsureManager();
        var agents = await workers.ListAsync(cancellationToken);
        return await ViewsAsync([.. agents.Select(a => a.Id)], cancellationToken);
    }

    /// <summary>The signed-in agent chooses their presence.</summary>
    public async Task<CommandResult<AgentAvailabilityView>> ChooseAsync(PresenceInput input, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        if (input.Presence is not { } presence || !Enum.IsDefined(presence))
        {
            return CommandResult.Invalid<AgentAvailabilityView>(OperationResult.Failure(nameof(PresenceInput.Presence),
                $"Choose a presence: {string.Join(", ", Enum.GetNames<AgentPresence>())}."));
        }

        await ChangeAsync(currentUser.ActorId, a => a.Choose(presence, clock.GetUtcNow().UtcDateTime), cancellationToken);
        return CommandResult.Done(await MineAsync(cancellationToken));
    }

    /// <summary>A Manager or Admin sets how many open cases <paramref name="agentId"/> takes at most.</summary>
    public async Task<CommandResult<AgentAvailabilityView>> SetCapacityAsync(string agentId, CapacityInput input, CancellationToken cancellationToken = default)
    {
        EnsureManager();
        if (!await workers.IsWorkerAsync(agentId, cancellationToken))
        {
            throw new NotFoundException($"No ServiceAgent, Manager or Admin with id '{agentId}'.");
        }

        if (input.Capacity is not { } capacity || capacity is < 1 or > AgentAvailability.MaxCapacity)
        {
            return CommandResult.Invalid<AgentAvailabilityView>(OperationResult.Failure(nameof(CapacityInput.Capacity),
                $"The capacity is a number of open cases from 1 to {AgentAvailability.MaxCapacity}."));
        }

        await ChangeAsync(agentId, a => a.Capacity = capacity, cancellationToken);
        return CommandResult.Done((await ViewsAsync([agentId], cancellationToken)).Single());
    }

    /// <summary>The agent's first app opened: the presence they chose is in force again.</summary>
    public Task ConnectedAsync(string agentId, CancellationToken cancellationToken) =>
        ChangeAsync(agentId, a => a.Connected(clock.GetUtcNow().UtcDateTime), cancellationToken);

    /// <summary>The agent's last app closed: Offline, so routing passes them by.</summary>
    public Task DisconnectedAsync(string agentId, CancellationToken cancellationToken) =>
        ChangeAsync(agentId, a => a.Disconnected(clock.GetUtcNow().UtcDateTime), cancellationToken);

    private async Task ChangeAsync(string agentId, Action<AgentAvailability> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var availability = await db.Set<AgentAvailability>().SingleOrDefaultAsync(a => a.AgentId == agentId, cancellationToken);
        if (availability is null)
        {
            availability = AgentAvailability.For(agentId);
            db.Add(availability);
        }

        change(availability);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<AgentAvailabilityView>> ViewsAsync(IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Set<AgentAvailability>().AsNoTracking().Where(a => agentIds.Contains(a.AgentId)).ToDictionaryAsync(a => a.AgentId, cancellationToken);
        var open = await OpenCasesAsync(db, agentIds, cancellationToken);
        var names = await workers.NamesAsync(agentIds, cancellationToken);
        return [.. agentIds.Select(id =>
        {
            var availability = stored.GetValueOrDefault(id) ?? AgentAvailability.For(id);
            return new AgentAvailabilityView(id, names.GetValueOrDefault(id) ?? id, availability.Presence, availability.ChosenPresence,
                open.GetValueOrDefault(id), availability.Capacity);
        })];
    }

    /// <summary>How many cases each agent owns that are not resolved or closed.</summary>
    public static async Task<Dictionary<string, int>> OpenCasesAsync(CrmDbContext db, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        await db.Set<ServiceCase>()
            .Where(c => c.OwnerId != null && agentIds.Contains(c.OwnerId) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .GroupBy(c => c.OwnerId!)
            .Select(g => new { AgentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AgentId, g => g.Count, cancellationToken);

    private void EnsureManager() => Queues.QueueAccess.EnsureConfigure(currentUser);
}
