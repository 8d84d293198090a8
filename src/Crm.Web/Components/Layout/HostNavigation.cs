using Crm.Kernel;
using Crm.Kernel.Modules;
using MudBlazor;

namespace Crm.Web.Components.Layout;

/// <summary>The host's own navigation; modules add theirs through <see cref="CrmModule.Navigation"/>.</summary>
internal static class HostNavigation
{
    public static IReadOnlyList<NavigationEntry> Entries { get; } =
    [
        new("Home", "/", Icons.Material.Filled.Home, CrmRoles.All, "Your start page"),
        new("Users & roles", "/admin/users", Icons.Material.Filled.ManageAccounts, [CrmRoles.Admin],
            "Create users, assign roles, block sign-in, reset passwords"),
        new("API keys", "/admin/api-keys", Icons.Material.Filled.Key, [CrmRoles.Admin],
            "Issue and revoke the keys integrations use to call the API"),
        new("Event delivery", "/admin/events", Icons.Material.Filled.SyncProblem, [CrmRoles.Admin],
            "Messages between the parts of eCRM that could not be delivered: send again or discard"),
        new("API reference", "/api-reference/", Icons.Material.Filled.Api, [CrmRoles.Admin, CrmRoles.Manager],
            "The REST API for integrations, with its OpenAPI document"),
        new("Change password", "/account/change-password", Icons.Material.Filled.Password, CrmRoles.All,
            "Choose a new password for your account"),
    ];

    /// <summary>Everything the user may open: Home, then each module's entries in registration order, then the host's own pages.</summary>
    public static IReadOnlyList<NavigationEntry> For(System.Security.Claims.ClaimsPrincipal user, IEnumerable<CrmModule> modules) =>
        [.. Entries.Take(1).Concat(modules.SelectMany(m => m.Navigation)).Concat(Entries.Skip(1)).Where(e => e.Roles.Any(user.IsInRole))];
}
