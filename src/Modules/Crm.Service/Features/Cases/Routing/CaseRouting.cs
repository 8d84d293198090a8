using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Routing;
using Crm.Service.Features.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Service.Features.Cases.Routing;

/// <summary>
/// Routes a new case inside the transaction that opens it: gathers what <see cref="CaseRouter"/> weighs (the queue's
/// members, the agent who last replied to the customer on any case, the agents pinned to the customer, each one's
/// presence, open cases and capacity) and
/// applies its decision to the case. The relationship window is <c>Service:RelationshipDays</c> (default 90).
/// </summary>
internal sealed class CaseRouting(IConfiguration configuration, CaseWorkers workers)
{
    /// <summary>Who assigned a case that routing gave to an agent (in <see cref="Contracts.CaseAssigned"/>).</summary>
    public const string Actor = "system:routing";

    public TimeSpan RelationshipWindow => TimeSpan.FromDays(Math.Max(0, configuration.GetValue("Service:RelationshipDays", 90)));

    /// <summary>
    /// The queue a new case goes to: the one named; else the queue of the first assignment rule it matches; else the
    /// default queue; null when none applies. Only active queues take cases.
    /// </summary>
    public static async Task<ServiceQueue?> QueueForAsync(CrmDbContext db, long? queueId, CaseFacts facts, CancellationToken cancellationToken)
    {
        if (queueId is null)
        {
            var rules = await db.Set<QueueRule>().AsNoTracking().OrderBy(r => r.Position).ToListAsync(cancellationToken);
            queueId = AssignmentRule.QueueFor(rules.Select(r => r.AsRule()), facts);
        }

        return await db.Set<ServiceQueue>().Include(q => q.Members)
            .Where(q => q.IsActive && (queueId != null ? q.Id == queueId : q.IsDefault))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task RouteAsync(CrmDbContext db, ServiceCase opened, ServiceQueue queue, string actorId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(db, opened.CustomerId, queue, nowUtc, cancellationToken);
        opened.Route(queue.Id, queue.Name, decision, actorId, nowUtc);
    }

    /// <summary>
    /// Who in <paramref name="queue"/> takes the next contact of <paramref name="customerId"/> (a case, a call): the agent
    /// who served the customer last, pinned agents, then the queue's strategy. The chosen agent's last assignment time is
    /// set on the tracked availability row, saved with the caller's change.
    /// </summary>
    public async Task<RoutingDecision> DecideAsync(CrmDbContext db, long? customerId, ServiceQueue queue, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var last = customerId is null ? null : await (
            from entry in db.Set<CaseEntry>()
            join other in db.Set<ServiceCase>() on entry.CaseId equals other.Id
            where other.CustomerId == customerId && entry.Kind == CaseEntryKind.PublicReply
            orderby entry.AtUtc descending
            select new { entry.AuthorId, entry.AtUtc }).FirstOrDefaultAsync(cancellationToken);
        if (last is not null && !await workers.IsWorkerAsync(last.AuthorId, cancellationToken))
        {
            // Someone who no longer works cases cannot be preferred.
            last = null;
        }

        List<string> pinned = customerId is null ? [] : await db.Set<CustomerAgentPin>().Where(p => p.CustomerId == customerId).OrderBy(p => p.Rank)
            .Select(p => p.AgentId).ToListAsync(cancellationToken);
        var agentIds = queue.Members.Select(m => m.AgentId).Append(last?.AuthorId).Concat(pinned).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var availability = await db.Set<AgentAvailability>().Where(a => agentIds.Contains(a.AgentId)).ToDictionaryAsync(a => a.AgentId, cancellationToken);
        var open = await AgentAvailabilities.OpenCasesAsync(db, agentIds, cancellationToken);
        var names = await workers.NamesAsync(agentIds, cancellationToken);
        RoutingCandidate Candidate(string id)
        {
            var a = availability.GetValueOrDefault(id) ?? AgentAvailability.For(id);
            return new RoutingCandidate(id, names.GetValueOrDefault(id) ?? id, a.Presence, open.GetValueOrDefault(id), a.Capacity, a.LastAssignedAtUtc);
        }

        var decision = CaseRouter.Route(new RoutingRequest(
            queue.Strategy,
            [.. queue.Members.Select(m => Candidate(m.AgentId))],
            last is null ? null : new LastService(Candidate(last.AuthorId), last.AtUtc),
            [.. pinned.Select(Candidate)],
            RelationshipWindow,
            nowUtc));
        if (decision.AgentId is { } chosen && availability.GetValueOrDefault(chosen) is { } taken)
        {
            taken.LastAssignedAtUtc = nowUtc;
        }

        return decision;
    }
}
