using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Sales.Features.Shared;

/// <summary>
/// Who may do what in Sales. Everyone signed in reads orders (service agents need them on the phone); SalesReps,
/// Managers and Admins place orders; a placed order is cancelled or returned by a Manager, an Admin or the SalesRep
/// credited with it. API keys act with their role. Checked in every handler, not only in the UI.
/// </summary>
internal static class SalesAccess
{
    public static bool IsManagerOrAdmin(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static bool CanRead(ICurrentUser user) => CrmRoles.All.Any(user.IsInRole);

    public static bool CanCreateOrder(ICurrentUser user) => IsManagerOrAdmin(user) || user.IsInRole(CrmRoles.SalesRep);

    /// <summary>Manager or Admin, or the SalesRep credited with the order.</summary>
    public static bool CanChangeOrder(ICurrentUser user, string? salesRepId) =>
        IsManagerOrAdmin(user) || (user.IsInRole(CrmRoles.SalesRep) && salesRepId is not null && salesRepId == user.ActorId);


    /// <summary>
    /// Who a new order is credited to: the customer's owner, whoever places it (the account's rep earns the account's
    /// sales, so a rep cannot take another rep's credit by typing in orders for their customers); for a customer without
    /// an owner, the SalesRep who placed it in person. The placing user is kept in the order's CreatedBy either way.
    /// </summary>
    public static string? CreditedRep(ICurrentUser user, string? customerOwnerId) =>
        customerOwnerId ?? (user.IsInRole(CrmRoles.SalesRep) && !ApiKeyService.IsApiKey(user) && !IsManagerOrAdmin(user) ? user.ActorId : null);

    public static void EnsureRead(ICurrentUser user)
    {
        if (!CanRead(user))
        {
            throw new ForbiddenException("Sign in with a role of eCRM to see orders.");
        }
    }

    public static void EnsureCreateOrder(ICurrentUser user)
    {
        if (!CanCreateOrder(user))
        {
            throw new ForbiddenException("Only SalesReps, Managers and Admins place orders.");
        }
    }

    public static void EnsureChangeOrder(ICurrentUser user, string? salesRepId)
    {
        if (!CanChangeOrder(user, salesRepId))
        {
            throw new ForbiddenException("Only a Manager, an Admin or the SalesRep credited with this order may cancel it or record a return.");
        }
    }
}
