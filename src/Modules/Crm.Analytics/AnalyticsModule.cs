using System.Reflection;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Analytics;

/// <summary>Entry point of the Analytics module: the host calls <see cref="AddAnalyticsModule"/> by name.</summary>
public static class AnalyticsModule
{
    public const string Name = "Analytics";

    public static Assembly Assembly => typeof(AnalyticsModule).Assembly;

    // Declared before Navigation: static initializers run in order.
    private static IReadOnlyList<string> ManagerRoles { get; } = [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager];

    /// <summary>The manager dashboards (Managers and Admins).</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("RFM segments", "/analytics/rfm", MudBlazor.Icons.Material.Filled.GridOn, ManagerRoles, "Recency x frequency heat map and segments"),
        new("Value tiers", "/analytics/tiers", MudBlazor.Icons.Material.Filled.Stairs, ManagerRoles, "Tiers by spend and profit, whale curve, over-served customers"),
        new("Tier migration", "/analytics/migration", MudBlazor.Icons.Material.Filled.SwapVert, ManagerRoles, "Moves between tiers from one quarter to another; customers who fell"),
        new("Lifetime value", "/analytics/lifetime", MudBlazor.Icons.Material.Filled.Timeline, ManagerRoles, "CLV distribution, top customers, valuable customers at risk"),
        new("Due to buy again", "/analytics/due", MudBlazor.Icons.Material.Filled.EventRepeat, ManagerRoles, "Customers past their usual purchase interval"),
        new("Product associations", "/analytics/associations", MudBlazor.Icons.Material.Filled.Hub, ManagerRoles, "Rules: customers who bought A also bought B"),
        new("Value recompute", "/analytics/runs", MudBlazor.Icons.Material.Filled.Refresh, ManagerRoles, "Run the customer-value recompute; history of runs"),
    ];

    public static IServiceCollection AddAnalyticsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        services.AddScoped<Contracts.ICustomerValueAnalytics, Features.CustomerValue.CustomerValueAnalytics>();
        services.AddScoped<Contracts.ICustomerTiers, Features.Tiers.StoredCustomerTiers>();
        services.AddScoped<Features.CustomerValue.CustomerValueAnalytics>();

        // Stored figures: full recomputes (nightly, on demand, after imports) and real-time updates on order changes.
        services.AddOptions<Features.Recompute.CustomerValueOptions>().Bind(configuration.GetSection(Features.Recompute.CustomerValueOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<Features.Recompute.ValueRecompute>();
        services.AddSingleton<Features.Recompute.CurrentValueModel>();
        services.AddSingleton<Features.Recompute.ValueRunCoordinator>();
        services.AddHostedService<Features.Recompute.NightlyRecompute>();
        services.AddSingleton<Contracts.ICustomerValueJobs, Features.Recompute.CustomerValueJobs>();
        services.AddIntegrationEventHandler<Crm.Sales.Contracts.OrdersImported, Features.Recompute.OrdersImportedHandler>();
        services.AddSingleton<Features.Live.CustomerValueChanges>();
        services.AddSingleton<Features.Live.LiveUpdateQueue>();
        services.AddScoped<Features.Live.LiveValueCalculator>();
        services.AddSingleton<Features.Live.LiveValueUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Live.LiveValueUpdater>());
        services.AddIntegrationEventHandler<Crm.Sales.Contracts.OrderChanged, Features.Live.OrderChangedHandler>();

        // Lifetime value dashboard and the due-to-buy-again worklist.
        services.AddScoped<Features.Lifetime.LifetimeQueries>();
        services.AddScoped<Features.Cycles.DueQueries>();

        // RFM dashboard, the filtered customer list (and its export) and the recompute page.
        services.AddScoped<Features.Runs.ValueRunQueries>();
        services.AddScoped<Features.RfmDashboard.RfmQueries>();
        services.AddScoped<Features.CustomerList.CustomerValueListQuery>();

        // Associations (rules browser, "also bought" on products) and the value panel on every customer page.
        services.AddScoped<Features.Associations.AssociationRuleQueries>();
        services.AddScoped<Features.ValuePanel.CustomerValueQueries>();
        services.AddSingleton(new Crm.Sales.Contracts.ProductPanel("Also bought", typeof(Features.Associations.AlsoBoughtPanel), 10, Crm.Kernel.CrmRoles.All));
        services.AddSingleton(new Crm.Contacts.Contracts.CustomerPanel(
            "Value", MudBlazor.Icons.Material.Filled.Insights, typeof(Features.ValuePanel.CustomerValuePanel), 10, Crm.Kernel.CrmRoles.All));

        // Value tiers (tables, whale curve, over-served) and tier migration (matrix and fallen list, cached per pair of snapshots).
        services.AddMemoryCache();
        services.AddScoped<Features.Tiers.ValueTiersQuery>();
        services.AddScoped<Features.Migration.TierMigrationQuery>();
        return services;
    }
}
