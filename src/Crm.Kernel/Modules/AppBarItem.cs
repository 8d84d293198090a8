namespace Crm.Kernel.Modules;

/// <summary>
/// A Razor component a module puts in the app bar (for example the service agent's presence), shown to users in one of
/// <see cref="Roles"/> in <see cref="Order"/>. Register with <c>services.AddSingleton(new AppBarItem(...))</c>.
/// </summary>
public sealed record AppBarItem(Type Component, int Order, IReadOnlyList<string> Roles);
