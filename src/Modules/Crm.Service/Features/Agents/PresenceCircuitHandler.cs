using System.Collections.Concurrent;
using System.Data.Common;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Service.Features.Agents;

/// <summary>How many apps (Blazor circuits) each agent has open in this host.</summary>
internal sealed class OpenApps
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

    /// <summary>Counts an opened app; true when it is the agent's first.</summary>
    public bool Opened(string agentId) => counts.AddOrUpdate(agentId, 1, (_, n) => n + 1) == 1;

    /// <summary>Counts a closed app; true when it was the agent's last.</summary>
    public bool Closed(string agentId)
    {
        while (counts.TryGetValue(agentId, out var n))
        {
            if (n <= 1 ? counts.TryRemove(new KeyValuePair<string, int>(agentId, n)) : counts.TryUpdate(agentId, n - 1, n))
            {
                return n <= 1;
            }
        }

        return false;
    }
}

/// <summary>
/// An agent's presence follows their apps: Offline once their last app closes (signing out closes it), the presence they
/// chose again when one opens.
/// </summary>
internal sealed class PresenceCircuitHandler(
    AuthenticationStateProvider authentication, OpenApps apps, IServiceScopeFactory scopes, ILogger<PresenceCircuitHandler> logger) : CircuitHandler
{
    private string? agentId;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var id = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (id is null || !(user.IsInRole(Crm.Kernel.CrmRoles.ServiceAgent) || user.IsInRole(Crm.Kernel.CrmRoles.Manager) || user.IsInRole(Crm.Kernel.CrmRoles.Admin)))
        {
            return;
        }

        agentId = id;
        if (apps.Opened(id))
        {
            await ChangeAsync(a => a.ConnectedAsync(id, cancellationToken));
        }
    }

    public override async Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (agentId is { } id && apps.Closed(id))
        {
            await ChangeAsync(a => a.DisconnectedAsync(id, cancellationToken));
        }
    }

    private async Task ChangeAsync(Func<AgentAvailabilities, Task> change)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("service:presence", Crm.Kernel.CrmRoles.Admin);
            await change(scope.ServiceProvider.GetRequiredService<AgentAvailabilities>());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Presence is a hint for routing; a failed update must not break the agent's app.
            logger.LogWarning(ex, "Could not update the presence of agent {AgentId}", agentId);
        }
    }
}

/// <summary>No app survives a restart of the host: every agent starts Offline until their app reconnects.</summary>
internal sealed class PresenceAtStart(IServiceScopeFactory scopes, ILogger<PresenceAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(cancellationToken);
            await db.Set<AgentAvailability>().Where(a => a.Presence != AgentPresence.Offline)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Presence, AgentPresence.Offline), cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // A database not migrated yet has no agents to mark: the host must still start.
            logger.LogWarning(ex, "Could not mark the agents Offline at start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
