using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Service.Features.Telephony;

/// <summary>Managers and Admins set up telephone systems; the people who take calls (agents, Managers, Admins) see their calls.</summary>
internal static class TelephonyAccess
{
    public const string Configurers = CrmRoles.Admin + "," + CrmRoles.Manager;

    public const string CallTakers = CrmRoles.Admin + "," + CrmRoles.Manager + "," + CrmRoles.ServiceAgent;

    public static bool SeesAllCalls(ICurrentUser user) => user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.Admin);

    public static void EnsureConfigure(ICurrentUser user)
    {
        if (!SeesAllCalls(user))
        {
            throw new ForbiddenException("Only Managers and Admins set up telephone systems.");
        }
    }

    public static void EnsureTakesCalls(ICurrentUser user)
    {
        if (!SeesAllCalls(user) && !user.IsInRole(CrmRoles.ServiceAgent))
        {
            throw new ForbiddenException("Only ServiceAgents, Managers and Admins take calls.");
        }
    }
}
