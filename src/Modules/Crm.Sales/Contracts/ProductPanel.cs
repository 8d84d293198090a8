namespace Crm.Sales.Contracts;

/// <summary>
/// A panel another module adds to the product view ("also bought", stock forecasts, ...). The module registers one with
/// <c>services.AddSingleton(new ProductPanel(...))</c>; <paramref name="Component"/> is a Razor component with a
/// <c>[Parameter] public string ProductCode</c>. It is shown, in <paramref name="Order"/>, to users in one of
/// <paramref name="Roles"/>; the component itself must still check access to what it shows.
/// </summary>
public sealed record ProductPanel(string Title, Type Component, int Order, IReadOnlyList<string> Roles);
