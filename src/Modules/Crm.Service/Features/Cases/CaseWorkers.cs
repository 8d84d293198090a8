using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases;

/// <summary>The people who may own cases: users with the ServiceAgent, Manager or Admin role.</summary>
internal sealed class CaseWorkers(IDbContextFactory<CrmDbContext> contextFactory, UserDirectory users)
{
    private static readonly string[] Roles = [CrmRoles.ServiceAgent, CrmRoles.Manager, CrmRoles.Admin];

    public async Task<bool> IsWorkerAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var roleIds = db.Roles.Where(r => Roles.Contains(r.Name!)).Select(r => r.Id);
        return await db.UserRoles.AnyAsync(ur => ur.UserId == userId && roleIds.Contains(ur.RoleId), cancellationToken);
    }

    /// <summary>Everyone who may own cases, by name.</summary>
    public async Task<IReadOnlyList<UserName>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<UserName>();
        foreach (var role in Roles)
        {
            all.AddRange(await users.InRoleAsync(role, cancellationToken));
        }

        return [.. all.DistinctBy(u => u.Id).OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    public Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken) =>
        users.NamesAsync(userIds, cancellationToken);

    public async Task<string?> NameOfAsync(string userId, CancellationToken cancellationToken) =>
        (await users.NamesAsync([userId], cancellationToken)).GetValueOrDefault(userId);
}
