using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Macros;

/// <summary>Managers and Admins manage macros; everyone who works cases lists the active ones and applies them.</summary>
internal static class MacroAccess
{
    public const string Managers = CrmRoles.Admin + "," + CrmRoles.Manager;

    public static bool MayManage(ICurrentUser user) => user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    public static void EnsureManage(ICurrentUser user)
    {
        if (!MayManage(user))
        {
            throw new ForbiddenException("Only Managers and Admins manage macros.");
        }
    }
}
