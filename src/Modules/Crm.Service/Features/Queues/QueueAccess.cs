using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Queues;

/// <summary>Managers and Admins set up queues; everyone who works cases sees them.</summary>
internal static class QueueAccess
{
    public const string Configurers = CrmRoles.Admin + "," + CrmRoles.Manager;

    public static void EnsureConfigure(ICurrentUser user)
    {
        if (!user.IsInRole(CrmRoles.Manager) && !user.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only Managers and Admins set up queues.");
        }
    }
}
