using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Agents;

/// <summary>The agents a Manager pins to a customer (a key-account team): read by those who see the customer's cases, set by Managers and Admins.</summary>
internal sealed class PreferredAgents(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, CaseWorkers workers)
{
    public async Task<IReadOnlyList<PreferredAgentView>> OfAsync(long customerId, CancellationToken cancellationToken = default)
    {
        var customer = await customers.FindAsync(customerId, cancellationToken) ?? throw new NotFoundException($"No customer with id {customerId}.");
        CaseAccess.EnsureCustomer(currentUser, customer);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pins = await db.Set<CustomerAgentPin>().AsNoTracking().Where(p => p.CustomerId == customerId).OrderBy(p => p.Rank).ToListAsync(cancellationToken);
        var names = await workers.NamesAsync(pins.Select(p => p.AgentId), cancellationToken);
        return [.. pins.Select(p => new PreferredAgentView(p.AgentId, names.GetValueOrDefault(p.AgentId) ?? p.AgentId, p.Rank))];
    }

    public async Task<CommandResult<IReadOnlyList<PreferredAgentView>>> SetAsync(long customerId, PreferredAgentsInput input, CancellationToken cancellationToken = default)
    {
        QueueAccess.EnsureConfigure(currentUser);
        _ = await customers.FindAsync(customerId, cancellationToken) ?? throw new NotFoundException($"No customer with id {customerId}.");
        var agentIds = (input.AgentIds ?? []).Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var problems = new List<ValidationError>();
        if (agentIds.Count > CustomerAgentPin.MaxPerCustomer)
        {
            problems.Add(new ValidationError(nameof(PreferredAgentsInput.AgentIds), $"Pin at most {CustomerAgentPin.MaxPerCustomer} agents to a customer."));
        }

        foreach (var agentId in agentIds)
        {
            if (!await workers.IsWorkerAsync(agentId, cancellationToken))
            {
                problems.Add(new ValidationError(nameof(PreferredAgentsInput.AgentIds), $"'{agentId}' is no ServiceAgent, Manager or Admin."));
            }
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<IReadOnlyList<PreferredAgentView>>(new OperationResult(problems));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<CustomerAgentPin>().Where(p => p.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(agentIds.Select((agentId, i) => new CustomerAgentPin { CustomerId = customerId, AgentId = agentId, Rank = i + 1 }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Done(await OfAsync(customerId, cancellationToken));
    }
}
