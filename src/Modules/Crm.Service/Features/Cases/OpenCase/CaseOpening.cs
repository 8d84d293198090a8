using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;

namespace Crm.Service.Features.Cases.OpenCase;

/// <summary>
/// The open path every new case takes, whoever builds it (a new request, a follow-up, a split): its queue and routing (or
/// the owner chosen by hand), its SLA policy, the first save that gives it its number, the customer's timeline and
/// <see cref="CaseOpened"/> (and <see cref="CaseAssigned"/> when it has an owner). The caller owns the transaction and saves once more afterwards.
/// </summary>
internal sealed class CaseOpening(Routing.CaseRouting routing, Crm.Analytics.Contracts.ICustomerTiers tiers)
{
    /// <summary>The queue a case with these facts goes to: the one named, the first matching assignment rule's, or the default.</summary>
    public async Task<ServiceQueue?> QueueForAsync(CrmDbContext db, long? queueId, ServiceCase opened, CancellationToken cancellationToken) =>
        await Routing.CaseRouting.QueueForAsync(db, queueId,
            new Domain.Routing.CaseFacts(opened.Subject, opened.Category, opened.Channel, await tiers.SpendTierAsync(opened.CustomerId, cancellationToken)),
            cancellationToken);

    /// <summary>
    /// Queues and routes <paramref name="opened"/> (to <paramref name="owner"/> when one was chosen), applies its SLA policy and
    /// stores it; reports it on the customer's timeline with <paramref name="request"/> and raises <see cref="CaseOpened"/>.
    /// </summary>
    public async Task StoreAsync(
        CrmDbContext db, ServiceCase opened, ServiceQueue? queue, (string Id, string? Name)? owner, string? request, string actorId, DateTime nowUtc,
        CancellationToken cancellationToken)
    {
        if (owner is { } chosen)
        {
            if (queue is not null)
            {
                opened.EnterQueue(queue.Id, queue.Name, actorId, nowUtc);
            }

            opened.AssignTo(chosen.Id, chosen.Name, actorId, nowUtc);
        }
        else if (queue is not null)
        {
            await routing.RouteAsync(db, opened, queue, actorId, nowUtc, cancellationToken);
        }

        // SLA policies may ask for the customer's spend tier (Analytics' stored figure).
        var tier = await tiers.SpendTierAsync(opened.CustomerId, cancellationToken);
        await Sla.CaseSla.ApplyToNewCaseAsync(db, opened, tier, nowUtc, cancellationToken);
        db.Add(opened);
        await db.SaveChangesAsync(cancellationToken);
        // The number comes from the id, so the timeline entry and the event follow the first save, in the same transaction.
        CaseStore.ReportOnTimeline(db, opened, InteractionDirection.Inbound, opened.Subject, request, actorId, nowUtc);
        db.RaiseAfterCommit(new CaseOpened(opened.Id, opened.CustomerId, nowUtc));
        if (opened.OwnerId is { } ownerId)
        {
            // Routing chose the owner unless one was chosen by hand (or routing chose the opener themselves).
            var assignedBy = owner is null && ownerId != actorId ? Routing.CaseRouting.Actor : actorId;
            db.RaiseAfterCommit(new CaseAssigned(opened.Id, opened.CustomerId, ownerId, assignedBy, nowUtc));
        }
    }
}
