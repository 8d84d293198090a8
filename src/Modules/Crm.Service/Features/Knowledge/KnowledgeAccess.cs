using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Knowledge;

/// <summary>
/// Who may do what with the knowledge base: ServiceAgents, Managers and Admins write and publish; SalesReps read every
/// published article, internal or public; anyone, signed in or not, reads the published public ones.
/// </summary>
internal static class KnowledgeAccess
{
    public const string Writers = CrmRoles.Admin + "," + CrmRoles.Manager + "," + CrmRoles.ServiceAgent;

    public const string Readers = Writers + "," + CrmRoles.SalesRep;

    public static bool IsWriter(ICurrentUser user) =>
        user.IsInRole(CrmRoles.ServiceAgent) || user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    /// <summary>Reads internal published articles as well as public ones.</summary>
    public static bool IsInternalReader(ICurrentUser user) => IsWriter(user) || user.IsInRole(CrmRoles.SalesRep);

    public static void EnsureWrite(ICurrentUser user)
    {
        if (!IsWriter(user))
        {
            throw new ForbiddenException("Only ServiceAgents, Managers and Admins write and publish articles.");
        }
    }
}
