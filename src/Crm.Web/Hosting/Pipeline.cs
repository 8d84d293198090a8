using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Web.Api.Infrastructure;
using Crm.Web.Components;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Serilog;

namespace Crm.Web.Hosting;

internal static class Pipeline
{
    /// <summary>
    /// Applies migrations (unless <c>Database:MigrateOnStartup</c> is false) and, where configured (Development), the demo
    /// users and a demo set of customers, their sales, knowledge-base articles, and service queues and cases.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<DatabaseOptions>().MigrateOnStartup)
        {
            await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync();
        }

        if (app.Configuration.GetValue<bool>("DemoData:SeedUsers"))
        {
            await scope.ServiceProvider.GetRequiredService<DemoUsersSeeder>().SeedAsync(app.Configuration["DemoData:Password"]);
        }

        // A small demo set on first start (Development): only into an empty CCR, so it never mixes with real data.
        var demoCustomers = app.Configuration.GetValue<int>("DemoData:Customers");
        var generator = scope.ServiceProvider.GetRequiredService<Crm.Contacts.Contracts.IContactsDataGenerator>();
        if (demoCustomers > 0 && await generator.CountCustomersAsync() == 0)
        {
            var result = await generator.GenerateAsync(demoCustomers, interactionsPerCustomer: 6, seed: 2026, progress: null);
            app.Logger.LogInformation("Demo data: {Customers} customers and {Interactions} interactions", result.Customers, result.Interactions);
        }

        // Sales demo data for those customers (products, opportunities, orders), only while the CCR has no orders at all.
        var demoOrders = app.Configuration.GetValue<double>("DemoData:OrdersPerCustomer");
        var sales = scope.ServiceProvider.GetRequiredService<Crm.Sales.Contracts.ISalesDataGenerator>();
        if (demoCustomers > 0 && demoOrders > 0 && await sales.CountOrdersAsync() == 0)
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("system:demo-data", Crm.Kernel.CrmRoles.Admin);
            var result = await sales.GenerateAsync(new Crm.Sales.Contracts.SalesGeneration
            {
                Products = app.Configuration.GetValue("DemoData:Products", 120),
                OrdersPerCustomer = demoOrders,
                OpportunitiesPerCustomer = app.Configuration.GetValue("DemoData:OpportunitiesPerCustomer", 0.5),
                Seed = 2026,
            }, progress: null);
            app.Logger.LogInformation("Demo data: {Products} products, {Opportunities} opportunities and {Orders} orders ({Lines} lines)",
                result.Products, result.Opportunities, result.Orders, result.OrderLines);
        }

        // Knowledge-base articles (Service), only into an empty knowledge base.
        if (demoCustomers > 0)
        {
            var articles = await scope.ServiceProvider.GetRequiredService<Crm.Service.Contracts.IKnowledgeDemoData>().SeedAsync();
            if (articles > 0)
            {
                app.Logger.LogInformation("Demo data: {Articles} knowledge-base articles", articles);
            }
        }

        // Service demo data (queues, cases in every status with threads, pauses, SLA warnings and breaches), only while the
        // Service module has no cases at all.
        var demoCases = app.Configuration.GetValue<double>("DemoData:CasesPerCustomer");
        var service = scope.ServiceProvider.GetRequiredService<Crm.Service.Contracts.IServiceDataGenerator>();
        if (demoCustomers > 0 && demoCases > 0 && await service.CountCasesAsync() == 0)
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("system:demo-data", Crm.Kernel.CrmRoles.Admin);
            var result = await service.GenerateAsync(new Crm.Service.Contracts.ServiceGeneration { CasesPerCustomer = demoCases, Seed = 2026 }, progress: null);
            app.Logger.LogInformation("Demo data: {Queues} queues and {Cases} cases ({Entries} thread entries, {Open} open, {Breaches} SLA breaches)",
                result.Queues, result.Cases, result.Entries, result.OpenCases, result.Breaches);
        }

        // Customer-value figures for the demo data: the end of the last quarter first, then today, so the dashboards have
        // two quarters to compare (tier migration, tier history) from the first start.
        var values = scope.ServiceProvider.GetRequiredService<Crm.Analytics.Contracts.ICustomerValueJobs>();
        if (demoCustomers > 0 && demoOrders > 0 && await values.NeverComputedAsync())
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var lastQuarterEnd = new DateOnly(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1).AddDays(-1);
            await values.RecomputeAsync(lastQuarterEnd, "Demo data", "system:demo-data");
            var run = await values.RecomputeAsync(today, "Demo data", "system:demo-data");
            app.Logger.LogInformation("Demo data: customer values of {Customers} customers, {Rules} product rules ({Status})",
                run.Customers, run.Rules, run.Status);
        }
    }

    public static WebApplication UseCrmPipeline(this WebApplication app)
    {
        // The request log comes first, outside the exception handler and the status-code pages, so it records the status
        // the client got (a NotFoundException answered as 404 is a 404, not a 500 with a stack trace). Exceptions that
        // become a 5xx are logged with their stack trace where they are handled (ApiExceptionHandler, the error page).
        // The host's own Serilog pipeline (levels from configuration, the log file): left unset, the middleware writes
        // through the static bootstrap logger, which only knows the console and, never reloaded, pays two process-wide
        // memory barriers (an interrupt to every core) on each request.
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = RequestLogLevel;
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new Serilog.Events.LogEventProperty("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
                new Serilog.Events.LogEventProperty("RequestPath", new Serilog.Events.ScalarValue(LoggedPath(path))),
                new Serilog.Events.LogEventProperty("StatusCode", new Serilog.Events.ScalarValue(status)),
                new Serilog.Events.LogEventProperty("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
        });
        app.UseExceptionHandler("/error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(context => context.Request.IsApiRequest(), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.IsApiRequest(), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));

        // Routing after the status-code pages and exception handler, so their re-executed requests find the error pages.
        app.UseRouting();
        app.UseAuthentication();
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
            return next(context);
        });
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Errors are the server's: 5xx, or an exception that escaped every handler. A 4xx is the expected answer to the
    /// client's request (unknown id, missing role, stale version), so any caller could fill the log with false alarms
    /// if it were more than Information.
    /// </summary>
    internal static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError
            ? Serilog.Events.LogEventLevel.Error
            : Serilog.Events.LogEventLevel.Information;

    /// <summary>
    /// The path as the request log writes it: a telephone system's webhook token (<c>key.secret</c> in the path, as
    /// sipgate.io and Zammad put it) is cut to its public key, so the secret never reaches a log.
    /// </summary>
    internal static string LoggedPath(string path)
    {
        const string cti = "/" + Crm.Service.Features.Telephony.ReceiveCallEvent.CtiController.Route + "/";
        if (!path.StartsWith(cti, StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var dot = path.IndexOf('.', cti.Length);
        return dot < 0 ? path : path[..dot] + ".(token)";
    }

    public static WebApplication MapCrmEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().RequireAuthorization();
        app.MapScalarApiReference("/api-reference", options => options
            .WithTitle("eCRM API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools())
            .RequireAuthorization();
        // The API's rate limit, unless a controller names its own policy (the public web-to-lead form has a per-address one).
        app.MapControllers().Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(ApiRateLimiting.PolicyName));
            }
        });
        app.MapAccountEndpoints();

        var modules = app.Services.GetServices<Crm.Kernel.Modules.CrmModule>().Select(m => m.Assembly).Distinct().ToArray();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(modules);
        return app;
    }
}
