using System.Reflection;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Campaigns;

/// <summary>Entry point of the Campaigns module: the host calls <see cref="AddCampaignsModule"/> by name.</summary>
public static class CampaignsModule
{
    public const string Name = "Campaigns";

    public static Assembly Assembly => typeof(CampaignsModule).Assembly;

    /// <summary>Navigation entries of this module (none until its first feature lands).</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } = [];

    public static IServiceCollection AddCampaignsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        return services;
    }
}
