using System.Reflection;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service;

/// <summary>Entry point of the Service module: the host calls <see cref="AddServiceModule"/> by name.</summary>
public static class ServiceModule
{
    public const string Name = "Service";

    public static Assembly Assembly => typeof(ServiceModule).Assembly;

    /// <summary>Navigation entries of this module (none until its first feature lands).</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } = [];

    public static IServiceCollection AddServiceModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        return services;
    }
}
