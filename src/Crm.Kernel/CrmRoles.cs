namespace Crm.Kernel;

/// <summary>The four roles of eCRM. Every page and endpoint names the roles it admits.</summary>
public static class CrmRoles
{
    public const string Admin = nameof(Admin);
    public const string Manager = nameof(Manager);
    public const string SalesRep = nameof(SalesRep);
    public const string ServiceAgent = nameof(ServiceAgent);

    /// <summary>Comma-separated lists for <c>[Authorize(Roles = ...)]</c>.</summary>
    public const string AdminOrManager = Admin + "," + Manager;

    /// <summary>Everyone who sells: the roles that create customers, leads, opportunities and orders.</summary>
    public const string AdminManagerOrSalesRep = Admin + "," + Manager + "," + SalesRep;

    public static IReadOnlyList<string> All { get; } = [Admin, Manager, SalesRep, ServiceAgent];

    /// <summary>Returns the canonical spelling of <paramref name="role"/>, or null when it is no role of eCRM.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Describe(string role) => role switch
    {
        Admin => "Administrator: manages users, roles and integrations",
        Manager => "Manager: steers sales and service by the customer-value dashboards",
        SalesRep => "Sales rep: works their customers, leads, opportunities and orders",
        ServiceAgent => "Service agent: answers customers on every channel",
        _ => role,
    };
}
