using Crm.Kernel;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features.Account;

/// <summary>Development only: one demo user per role, with their logins printed at start-up.</summary>
internal sealed class DemoUsersSeeder(UserManager<CrmUser> userManager, CurrentUser currentUser, UserAdministration administration, ILogger<DemoUsersSeeder> logger)
{
    public static IReadOnlyList<(string Email, string Name, string Role)> DemoUsers { get; } =
    [
        ("admin@ecrm.local", "Ada Admin", CrmRoles.Admin),
        ("manager@ecrm.local", "Max Manager", CrmRoles.Manager),
        ("rep@ecrm.local", "Rita Rep", CrmRoles.SalesRep),
        ("agent@ecrm.local", "Sam Agent", CrmRoles.ServiceAgent),
    ];

    public async Task SeedAsync(string? password)
    {
        if (string.IsNullOrWhiteSpace(password))
        {
            throw new InvalidOperationException("DemoData:SeedUsers is on but DemoData:Password is not set.");
        }

        currentUser.SetSystemActor("system:demo-data", CrmRoles.Admin);
        foreach (var (email, name, role) in DemoUsers)
        {
            if (await userManager.FindByEmailAsync(email) is null)
            {
                var result = await administration.CreateAsync(new NewUser(email, name, role, password));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create demo user {email}: {result}");
                }
            }
        }

        logger.LogInformation("Demo users (Development only), password {Password}: {Logins}", password,
            string.Join(", ", DemoUsers.Select(u => $"{u.Email} ({u.Role})")));
    }
}
