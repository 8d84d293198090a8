using System.Reflection;
using Crm.Kernel.Events.Outbox;
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
    public static IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("Leads", "/leads", MudBlazor.Icons.Material.Filled.PersonSearch,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.SalesRep],
            "Leads from the web form and reps: qualify, assign, convert to customers and opportunities"),
        new("Pipeline", "/pipeline", MudBlazor.Icons.Material.Filled.ViewKanban,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.SalesRep],
            "Opportunities by stage: the board, the list and the forecast"),
        new("Orders", "/orders", MudBlazor.Icons.Material.Filled.ShoppingCart, Crm.Kernel.CrmRoles.All,
            "Orders and returns from every channel: find, place, cancel, record returns"),
        new("Products", "/products", MudBlazor.Icons.Material.Filled.Inventory2, Crm.Kernel.CrmRoles.All,
            "The product catalogue: prices and stock on hand"),
        new("Import orders", "/orders/import", MudBlazor.Icons.Material.Filled.UploadFile,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Import transaction files (Online Retail, CDNOW, baskets, order CSV) with their customers and products"),
        new("Sales dashboard", "/sales/dashboard", MudBlazor.Icons.Material.Filled.Insights,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.SalesRep],
            "Pipeline by stage, won and order revenue this month vs last, top customers and products"),
    ];

    public static IServiceCollection AddSalesModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        services.AddScoped<Features.Products.ProductQueries>();
        services.AddScoped<Features.Products.CreateProduct.CreateProductHandler>();
        services.AddScoped<Features.Products.UpdateProduct.UpdateProductHandler>();
        services.AddScoped<Features.Products.SetStock.SetStockHandler>();
        services.AddScoped<Features.Products.SetPrice.SetPriceHandler>();
        services.AddScoped<Features.Products.ProductCsvExport>();
        services.AddScoped<Features.Dashboard.SalesDashboardQuery>();
        services.AddScoped<Contracts.ISalesDataGenerator, Features.Generate.SalesDataGenerator>();
        services.AddSingleton(new Crm.Contacts.Contracts.CustomerPanel("Products", MudBlazor.Icons.Material.Filled.Inventory2,
            typeof(Features.Products.CustomerProductsPanel), 30, Crm.Kernel.CrmRoles.All));
        services.AddScoped<Contracts.ISalesHistory, Features.History.SalesHistory>();
        services.AddScoped<Contracts.IOrderImporter, Features.Import.OrderImporter>();
        services.AddOptions<Contracts.OrderImportLimits>().Bind(configuration.GetSection(Contracts.OrderImportLimits.SectionName));
        services.AddSingleton<Features.Orders.Writing.OrderWriteBatcher>();
        services.AddSingleton<Features.Orders.PlaceOrder.OrderInputValidator>(); // validators are built once: their rules are thread-safe
        services.AddSingleton<Features.Orders.RecordReturn.ReturnInputValidator>();
        services.AddScoped<Features.Orders.PlaceOrder.PlaceOrderHandler>();
        services.AddScoped<Features.Orders.CancelOrder.CancelOrderHandler>();
        services.AddScoped<Features.Orders.RecordReturn.RecordReturnHandler>();
        services.AddScoped<Features.Orders.PlaceOrder.OrderPricing>();
        services.AddOptions<Features.Orders.PlaceOrder.PricingOptions>().Bind(configuration.GetSection(Features.Orders.PlaceOrder.PricingOptions.SectionName))
            .Validate(o => o.MaxRepDiscountPercent is >= 0 and <= 100, "Sales:Pricing:MaxRepDiscountPercent must be between 0 and 100.");
        services.AddScoped<Features.Orders.OrderQueries>();
        services.AddIntegrationEventHandler<Crm.Contacts.Contracts.CustomersMerged, Features.Merge.CustomersMergedHandler>();
        services.AddSingleton(new Crm.Contacts.Contracts.CustomerPanel("Orders", MudBlazor.Icons.Material.Filled.ShoppingCart,
            typeof(Features.Orders.CustomerOrdersPanel), 20, Crm.Kernel.CrmRoles.All));
        services.AddScoped<Features.Leads.CreateLead.CreateLeadHandler>();
        services.AddScoped<Features.Leads.QualifyLead.QualifyLeadHandler>();
        services.AddScoped<Features.Leads.DisqualifyLead.DisqualifyLeadHandler>();
        services.AddScoped<Features.Leads.AssignLead.AssignLeadHandler>();
        services.AddScoped<Features.Leads.ConvertLead.ConvertLeadHandler>();
        services.AddScoped<Features.Leads.LeadQueries>();
        services.AddScoped<Features.Pipeline.CreateOpportunity.CreateOpportunityHandler>();
        services.AddScoped<Features.Pipeline.UpdateOpportunity.UpdateOpportunityHandler>();
        services.AddScoped<Features.Pipeline.MoveStage.MoveStageHandler>();
        services.AddScoped<Features.Pipeline.OpportunityQueries>();
        services.AddScoped<Features.Pipeline.AddStage.AddStageHandler>();
        services.AddScoped<Features.Pipeline.EditStage.EditStageHandler>();
        services.AddScoped<Features.Pipeline.ReorderStage.ReorderStageHandler>();
        services.AddScoped<Features.Pipeline.SetStageActive.SetStageActiveHandler>();
        services.AddSingleton(new Crm.Contacts.Contracts.CustomerPanel("Opportunities", MudBlazor.Icons.Material.Filled.ViewKanban,
            typeof(Features.Pipeline.CustomerOpportunitiesPanel), 25, [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.SalesRep]));
        services.AddOptions<Features.Leads.WebToLeadOptions>().Bind(configuration.GetSection(Features.Leads.WebToLeadOptions.SectionName));
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(options =>
            options.AddPolicy<string, Features.Leads.WebToLeadRateLimitPolicy>(Features.Leads.WebToLeadRateLimitPolicy.Name));
        return services;
    }
}
