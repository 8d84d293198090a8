using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Email;

/// <summary>Managers and Admins configure mailboxes; nobody reads a stored password back.</summary>
internal static class EmailAccess
{
    public const string Managers = CrmRoles.Admin + "," + CrmRoles.Manager;

    public static void EnsureManage(ICurrentUser user)
    {
        if (!user.IsInRole(CrmRoles.Manager) && !user.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only Managers and Admins configure mailboxes.");
        }
    }
}
