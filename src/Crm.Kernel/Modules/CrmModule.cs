using System.Reflection;

namespace Crm.Kernel.Modules;

/// <summary>One entry in the navigation. Shown only to users in one of <see cref="Roles"/>.</summary>
public sealed record NavigationEntry(string Title, string Href, string Icon, IReadOnlyList<string> Roles, string Description);

/// <summary>
/// What a feature module tells the host about itself: its name, its assembly (entity configurations, Razor pages,
/// controllers) and its navigation. Each module's <c>AddXxxModule</c> registers one of these.
/// </summary>
public sealed record CrmModule(string Name, Assembly Assembly, IReadOnlyList<NavigationEntry> Navigation);
