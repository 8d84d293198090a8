using System.Reflection;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics;

/// <summary>Entry point of the Analytics module: the host calls <see cref="AddAnalyticsModule"/> by name.</summary>
public static class AnalyticsModule
{
    public const string Name = "Analytics";

    public static Assembly Assembly => typeof(AnalyticsModule).Assembly;

    /// <summary>Navigation entries of this module (none until its first feature lands).</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } = [];

    public static IServiceCollection AddAnalyticsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        services.AddScoped<Contracts.ICustomerValueAnalytics, Features.CustomerValue.CustomerValueAnalytics>();
        services.AddScoped<Features.CustomerValue.CustomerValueAnalytics>();
        return services;
    }
}
