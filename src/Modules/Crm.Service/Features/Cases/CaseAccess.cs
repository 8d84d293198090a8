using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Cases;

/// <summary>
/// Who may do what with cases: ServiceAgents, Managers and Admins see and work every case; a SalesRep sees the cases of the
/// customers they own, read-only, and may open a case for them. Cases with queues will narrow what an agent works.
/// </summary>
internal static class CaseAccess
{
    public const string Workers = CrmRoles.Admin + "," + CrmRoles.Manager + "," + CrmRoles.ServiceAgent;

    public const string Readers = Workers + "," + CrmRoles.SalesRep;

    public static bool IsWorker(ICurrentUser user) =>
        user.IsInRole(CrmRoles.ServiceAgent) || user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    /// <summary>The SalesRep whose customers' cases are all the user sees, or null when they see every case.</summary>
    public static string? ScopeOwner(ICurrentUser user) => IsWorker(user) ? null : user.ActorId;

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
        if (!IsWorker(user) && customer.OwnerId != user.ActorId)
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
}
