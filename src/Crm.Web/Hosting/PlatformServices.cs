using Crm.Kernel.Api;
using Crm.Kernel.Data;
using Crm.Web.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace Crm.Web.Hosting;

internal static class PlatformServices
{
    private const string CallerScheme = "Caller";

    public static IServiceCollection AddCrmPlatform(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddCrmDatabase();

        // People sign in with Identity's cookie; integrations send X-Api-Key to /api. A policy scheme picks one per request.
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CallerScheme;
                options.DefaultChallengeScheme = CallerScheme;
                options.DefaultForbidScheme = CallerScheme;
            })
            .AddPolicyScheme(CallerScheme, "Cookie or API key", options => options.ForwardDefaultSelector = context =>
                (context.Request.IsApiRequest() || context.Request.Path.StartsWithSegments("/openapi"))
                && context.Request.Headers.ContainsKey(ApiKeyService.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/error/403";
            cookie.Cookie.Name = "ecrm.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;
            cookie.Events = ApiAwareCookieEvents.Create();
        });
        services.AddCrmIdentityCore()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CrmUserClaimsPrincipalFactory>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddScoped<OperationScope>();
        services.AddScoped<DemoUsersSeeder>();

        // Keys in the CCR so cookies survive restarts and are shared by several instances.
        services.AddDataProtection().SetApplicationName("eCRM").PersistKeysToDbContext<CrmDbContext>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        // Enums travel as names ("Phone", "Inbound") in the API; module controllers are registered explicitly.
        var mvc = services.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        foreach (var module in services.Where(d => d.ServiceType == typeof(Crm.Kernel.Modules.CrmModule)).Select(d => (Crm.Kernel.Modules.CrmModule)d.ImplementationInstance!))
        {
            mvc.AddApplicationPart(module.Assembly);
        }

        services.AddApiRateLimiting();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "eCRM API";
            document.Info.Description = "REST API of eCRM for integrations (web shop, ERP, telephony). People sign in with a cookie.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddDbContextCheck<CrmDbContext>("database", tags: ["ready"]);
        services.AddHttpContextAccessor();
        return services;
    }
}
