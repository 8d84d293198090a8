using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// Who may do what with opportunities and leads: a SalesRep sees and changes only their own; Managers and Admins see
/// and change everyone's and configure the stages; ServiceAgents do not see the pipeline. Checked in every handler.
/// </summary>
internal static class PipelineAccess
{
    public const string Roles = CrmRoles.Admin + "," + CrmRoles.Manager + "," + CrmRoles.SalesRep;

    public static bool IsManagerOrAdmin(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static bool CanUse(ICurrentUser user) => IsManagerOrAdmin(user) || user.IsInRole(CrmRoles.SalesRep);

    /// <summary>The owner a list is restricted to: the rep themselves, or null (everybody) for Managers and Admins.</summary>
    public static string? ScopeOwner(ICurrentUser user) => IsManagerOrAdmin(user) ? null : user.ActorId;

    public static bool CanEdit(ICurrentUser user, string? ownerId) =>
        IsManagerOrAdmin(user) || (user.IsInRole(CrmRoles.SalesRep) && ownerId is not null && ownerId == user.ActorId);

    public static void EnsureUse(ICurrentUser user)
    {
        if (!CanUse(user))
        {
            throw new ForbiddenException("Only SalesReps, Managers and Admins work with leads and the pipeline.");
        }
    }

    public static void EnsureEdit(ICurrentUser user, string? ownerId, string what)
    {
        EnsureUse(user);
        if (!CanEdit(user, ownerId))
        {
            throw new ForbiddenException($"Only the owning SalesRep, a Manager or an Admin may see or change this {what}.");
        }
    }

    public static void EnsureManager(ICurrentUser user)
    {
        if (!IsManagerOrAdmin(user))
        {
            throw new ForbiddenException("Only Managers and Admins may do this.");
        }
    }
}
