using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases;

/// <summary>
/// Who may do what with cases, in one place. ServiceAgents, Managers and Admins read every case; a SalesRep reads the cases
/// of the customers they own, read-only, and may open a case for them (routing picks the owner). Managers and Admins work
/// (reply, note, status, assign, merge, split, bulk) every case; a ServiceAgent works a case they own, a case in a queue they
/// are a member (or the supervisor) of, or a case in no queue, and reads the rest.
/// API keys act with their role for an integration, not for one person (as in Sales): a SalesRep key reads every customer's
/// cases and opens cases for any customer, and works none; a ServiceAgent key is no queue's member, so it works only cases
/// in no queue: an integration that works cases needs a Manager key.
/// </summary>
internal static class CaseAccess
{
    public const string Workers = CrmRoles.Admin + "," + CrmRoles.Manager + "," + CrmRoles.ServiceAgent;

    public const string Readers = Workers + "," + CrmRoles.SalesRep;

    public static bool IsWorker(ICurrentUser user) =>
        user.IsInRole(CrmRoles.ServiceAgent) || user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    /// <summary>Managers and Admins work every case, whatever its queue and owner.</summary>
    public static bool WorksEveryCase(ICurrentUser user) => user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);


    /// <summary>
    /// The SalesRep whose customers' cases are all the user sees, or null when they see every case. A SalesRep key owns no
    /// customers (it stands for an integration, not a rep), so it is not scoped to any.
    /// </summary>
    public static string? ScopeOwner(ICurrentUser user) => IsWorker(user) || ApiKeyService.IsApiKey(user) ? null : user.ActorId;

    /// <summary>The user may see this customer's cases (and open one for them): whoever is not scoped, or the customer's owner.</summary>
    public static bool SeesCustomer(ICurrentUser user, CustomerSummary? customer) =>
        ScopeOwner(user) is not { } rep || customer?.OwnerId == rep;

    /// <summary>
    /// Workers choose who works a case they open; anyone else leaves it to routing (assigning is workers' business, and a
    /// SalesRep picking an owner would skip the queue's routing and capacity).
    /// </summary>
    public static void EnsureMayChooseOwner(ICurrentUser user)
    {
        if (!IsWorker(user))
        {
            throw new ForbiddenException(
                "Only ServiceAgents, Managers and Admins choose who works a case: leave ownerId empty and the case is routed in its queue.");
        }
    }

    public static void EnsureRead(ICurrentUser user)
    {
        if (!IsWorker(user) && !user.IsInRole(CrmRoles.SalesRep))
        {
            throw new ForbiddenException("Sign in as a ServiceAgent, SalesRep, Manager or Admin to see cases.");
        }
    }

    /// <summary>The user may see this customer's cases (and open one for them).</summary>
    public static void EnsureCustomer(ICurrentUser user, CustomerSummary customer)
    {
        EnsureRead(user);
        if (!SeesCustomer(user, customer))
        {
            throw new ForbiddenException("A SalesRep sees and opens cases of their own customers only.");
        }
    }

    public static void EnsureWork(ICurrentUser user)
    {
        if (!IsWorker(user))
        {
            throw new ForbiddenException("Only ServiceAgents, Managers and Admins work cases.");
        }
    }

    /// <summary>Why the user may not work <paramref name="serviceCase"/> (they may still read it): null when they may.</summary>
    public static async Task<string?> WorkRefusalAsync(CrmDbContext db, ICurrentUser user, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        if (!IsWorker(user))
        {
            return "Only ServiceAgents, Managers and Admins work cases; you may read this one.";
        }

        if (WorksEveryCase(user) || serviceCase.OwnerId == user.ActorId || serviceCase.QueueId is not { } queueId)
        {
            return null;
        }

        var me = user.ActorId;
        // The queue's supervisor answers for its cases (breaches reach them), so they work them like its members.
        var queue = await db.Set<ServiceQueue>().AsNoTracking().Where(q => q.Id == queueId)
            .Select(q => new { q.Name, q.SupervisorId, Member = q.Members.Any(m => m.AgentId == me) }).SingleOrDefaultAsync(cancellationToken);
        if (queue is null || queue.Member || queue.SupervisorId == me)
        {
            return null;
        }

        if (ApiKeyService.IsApiKey(user))
        {
            // Only people are queue members, so a ServiceAgent key never works a queued case.
            return $"Case {serviceCase.Number} is in the queue {queue.Name}, and an API key is no queue's member: "
                + "an integration that works cases needs a key issued for the Manager role.";
        }

        return $"Case {serviceCase.Number} is in the queue {queue.Name}, which you are not a member of, "
            + "and you do not own it: you may read it but not work it. Ask a Manager to add you to the queue or to assign the case to you.";
    }

    /// <summary>Refuses (403) a user who may not work <paramref name="serviceCase"/>.</summary>
    public static async Task EnsureWorkOnAsync(CrmDbContext db, ICurrentUser user, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        if (await WorkRefusalAsync(db, user, serviceCase, cancellationToken) is { } refusal)
        {
            throw new ForbiddenException(refusal);
        }
    }
}
