namespace Crm.Contacts.Contracts;

/// <summary>
/// A panel another module adds to the customer page (orders, cases, value figures, offers). The module registers one with
/// <c>services.AddSingleton(new CustomerPanel(...))</c>; <paramref name="Component"/> is a Razor component with a
/// <c>[Parameter] public long CustomerId</c>. It is shown as a tab, in <paramref name="Order"/>, to users in one of
/// <paramref name="Roles"/>; the component itself must still check access to what it shows.
/// </summary>
public sealed record CustomerPanel(string Title, string Icon, Type Component, int Order, IReadOnlyList<string> Roles);
