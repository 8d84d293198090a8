using System.Reflection;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales;

/// <summary>
/// Entry point of the Sales module (products, leads, the opportunity pipeline, orders and returns): the host calls
/// <see cref="AddSalesModule"/> by name.
/// </summary>
public static class SalesModule
{
    public const string Name = "Sales";

    public static Assembly Assembly => typeof(SalesModule).Assembly;

    /// <summary>Navigation entries of this module.</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } = [];

    public static IServiceCollection AddSalesModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        return services;
    }
}
