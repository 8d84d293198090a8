using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads;

/// <summary>
/// Round-robin assignment: the next lead goes to the active SalesRep (in the role, not blocked from signing in) who was
/// assigned a lead least recently; reps who never got one come first. Ties go by user id, so the order is stable.
/// </summary>
internal static class LeadAssignment
{
    public static async Task<string?> NextRepAsync(CrmDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var roleId = await db.Roles.Where(r => r.Name == CrmRoles.SalesRep).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        if (roleId is null)
        {
            return null;
        }

        var reps = await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
            .Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(cancellationToken);
        // LockoutEnd is a DateTimeOffset, which SQLite cannot compare in SQL; the list of reps is short.
        var active = reps.Where(r => r.LockoutEnd is null || r.LockoutEnd.Value.UtcDateTime <= nowUtc).Select(r => r.Id).ToList();
        if (active.Count == 0)
        {
            return null;
        }

        var last = await db.Set<Lead>()
            .Where(l => l.OwnerId != null && l.AssignedAtUtc != null && active.Contains(l.OwnerId))
            .GroupBy(l => l.OwnerId!)
            .Select(g => new { OwnerId = g.Key, Last = g.Max(l => l.AssignedAtUtc) })
            .ToDictionaryAsync(g => g.OwnerId, g => g.Last, cancellationToken);
        return active
            .OrderBy(id => last.GetValueOrDefault(id) ?? DateTime.MinValue)
            .ThenBy(id => id, StringComparer.Ordinal)
            .First();
    }

    /// <summary>True when <paramref name="userId"/> may own leads and opportunities (a SalesRep, Manager or Admin).</summary>
    public static async Task<bool> IsSellerAsync(CrmDbContext db, string userId, CancellationToken cancellationToken)
    {
        string[] roles = [CrmRoles.SalesRep, CrmRoles.Manager, CrmRoles.Admin];
        var roleIds = db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        return await db.UserRoles.AnyAsync(ur => ur.UserId == userId && roleIds.Contains(ur.RoleId), cancellationToken);
    }
}
