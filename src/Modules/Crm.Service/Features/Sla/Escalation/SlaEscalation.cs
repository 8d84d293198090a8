using Crm.Analytics.Contracts;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Sla;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Cases.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Sla.Escalation;

/// <summary>
/// Runs the escalation rules of a case's SLA policy on the warnings and breaches the sweep has just recorded, inside the
/// sweep's unit of work: the case's concurrency token makes the crossing, the rules' changes and their events commit
/// together or not at all, so a retry or a second app instance cannot run a rule twice for one crossing. Each rule that ran
/// leaves a system event naming it and what it did, and raises <see cref="SlaEscalated"/> (Managers are notified from it).
/// A raised priority or a new queue chooses the case's policy again from now on; the sweep records nothing more in that
/// unit of work, and a threshold already recorded is never recorded again, so a rule cannot feed itself.
/// </summary>
internal sealed class SlaEscalation(CaseRouting routing, CaseWorkers workers, ICustomerTiers tiers)
{
    /// <summary>Runs the rules on <paramref name="crossings"/>; true when the case's priority or queue changed (its policy was chosen again).</summary>
    public async Task<bool> RunAsync(
        CrmDbContext db, ServiceCase serviceCase, IReadOnlyList<SlaCrossing> crossings, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (crossings.Count == 0 || serviceCase.Status is CaseStatus.Resolved or CaseStatus.Closed || serviceCase.SlaPolicyId is not { } policyId
            || await db.Set<ServiceSlaPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId, cancellationToken) is not { } policy
            || policy.EscalationRules.Count == 0)
        {
            return false;
        }

        var (priority, queueId) = (serviceCase.Priority, serviceCase.QueueId);
        foreach (var crossing in crossings)
        {
            foreach (var rule in policy.EscalationRules.Where(r => r.RunsOn(crossing.Target, crossing.Breach)))
            {
                var done = new List<string>();
                if (rule.RaisePriorityOneStep || rule.RaisePriorityTo is not null)
                {
                    var raised = rule.RaisedPriority(serviceCase.Priority);
                    done.Add(serviceCase.RaisePriority(raised, ServiceCase.EscalationActor, nowUtc)
                        ? $"raised the priority to {raised}"
                        : $"left the priority at {serviceCase.Priority}, as high as the rule raises it");
                }

                if (rule.ReassignToQueueId is { } toQueue)
                {
                    done.Add(await ToQueueAsync(db, serviceCase, toQueue, nowUtc, cancellationToken));
                }

                if (rule.ReassignToAgentId is { } agentId)
                {
                    done.Add(await ToAgentAsync(db, serviceCase, agentId, nowUtc, cancellationToken));
                }

                if (rule.NotifyManagers)
                {
                    done.Add("notified the Managers");
                }

                var trigger = $"the {EscalationRule.TargetName(crossing.Target)} {(crossing.Breach ? "breach" : "warning")}";
                var actions = string.Join("; ", done);
                serviceCase.RecordEscalation($"Escalation rule \"{rule.Name}\" of policy \"{policy.Name}\" ran on {trigger}: {actions}.",
                    ServiceCase.EscalationActor, nowUtc);
                db.RaiseAfterCommit(new SlaEscalated(serviceCase.Id, serviceCase.CustomerId, policy.Name, rule.Name, crossing.Target, crossing.Breach,
                    actions, rule.NotifyManagers, nowUtc));
            }
        }

        if (serviceCase.Priority == priority && serviceCase.QueueId == queueId)
        {
            return false;
        }

        var tier = await tiers.SpendTierAsync(serviceCase.CustomerId, cancellationToken);
        await CaseSla.RechooseAsync(db, serviceCase, tier, nowUtc, cancellationToken);
        return true;
    }

    private async Task<string> ToQueueAsync(CrmDbContext db, ServiceCase serviceCase, long queueId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var queue = await db.Set<ServiceQueue>().Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == queueId && q.IsActive, cancellationToken);
        if (queue is null)
        {
            return "could not move the case: its queue was deleted or deactivated";
        }

        var owner = serviceCase.OwnerId;
        await routing.RouteAsync(db, serviceCase, queue, ServiceCase.EscalationActor, nowUtc, cancellationToken);
        if (serviceCase.OwnerId is not { } routed || routed == owner)
        {
            return $"moved the case to queue {queue.Name}; routing gave it to no one else";
        }

        db.RaiseAfterCommit(new CaseAssigned(serviceCase.Id, serviceCase.CustomerId, routed, CaseRouting.Actor, nowUtc));
        return $"moved the case to queue {queue.Name}, routed to {await workers.NameOfAsync(routed, cancellationToken) ?? routed}";
    }

    private async Task<string> ToAgentAsync(CrmDbContext db, ServiceCase serviceCase, string agentId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!await workers.IsWorkerAsync(agentId, cancellationToken))
        {
            return $"could not reassign the case: '{agentId}' no longer works cases";
        }

        var name = await workers.NameOfAsync(agentId, cancellationToken) ?? agentId;
        if (!serviceCase.AssignTo(agentId, name, ServiceCase.EscalationActor, nowUtc))
        {
            return $"left the case with {name}, its owner already";
        }

        db.RaiseAfterCommit(new CaseAssigned(serviceCase.Id, serviceCase.CustomerId, agentId, ServiceCase.EscalationActor, nowUtc));
        return $"assigned the case to {name}";
    }
}
