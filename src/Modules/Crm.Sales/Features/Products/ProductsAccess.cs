using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Sales.Features.Products;

/// <summary>Everyone signed in reads the catalogue (reps and agents quote prices and stock); Managers and Admins change it.</summary>
internal static class ProductsAccess
{
    public static bool CanRead(ICurrentUser user) => CrmRoles.All.Any(user.IsInRole);

    public static bool CanEdit(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static void EnsureRead(ICurrentUser user)
    {
        if (!CanRead(user))
        {
            throw new ForbiddenException("Sign in with a role of eCRM to see products.");
        }
    }

    public static void EnsureEdit(ICurrentUser user)
    {
        if (!CanEdit(user))
        {
            throw new ForbiddenException("Only Managers and Admins change products, prices and stock.");
        }
    }
}
