using Crm.Analytics;
using Crm.Campaigns;
using Crm.Contacts;
using Crm.Kernel.Modules;
using Crm.Sales;
using Crm.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Hosting;

/// <summary>
/// The one list of feature modules, registered explicitly by name (no reflection discovery). Compiled into both
/// the web host and the command line (linked file), so both build the same CCR model.
/// </summary>
public static class CrmModules
{
    public static IServiceCollection AddCrmModules(this IServiceCollection services, IConfiguration configuration) => services
        .AddContactsModule(configuration)
        .AddSalesModule(configuration)
        .AddServiceModule(configuration)
        .AddCampaignsModule(configuration)
        .AddAnalyticsModule(configuration);

    /// <summary>The registered modules, for places that run without the host (design-time tools, tests).</summary>
    public static IReadOnlyList<CrmModule> Describe(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddCrmModules(configuration);
        return [.. services.Where(d => d.ServiceType == typeof(CrmModule)).Select(d => (CrmModule)d.ImplementationInstance!)];
    }
}
