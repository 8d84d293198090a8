using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Identity;

public sealed record UserName(string Id, string DisplayName, string Email);

/// <summary>Names of users for display (owners, who handled a contact) and the people who can own customers.</summary>
public sealed class UserDirectory(IDbContextFactory<CrmDbContext> contextFactory)
{
    /// <summary>Display names by user id; ids that are no user (API keys, the command line) are shown as they are.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.OfType<string>().Where(i => i.Length > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Users.Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? u.Id, cancellationToken);
        foreach (var id in wanted.Where(id => !found.ContainsKey(id)))
        {
            found[id] = id;
        }

        return found;
    }

    /// <summary>Users in a role who may sign in, by name.</summary>
    public async Task<IReadOnlyList<UserName>> InRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var users = await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
            .Select(u => new UserName(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }
}
