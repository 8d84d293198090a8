using Crm.Kernel.Api;
using Crm.Kernel.Data;
using Crm.Kernel.Files;
using Crm.Web.Api.Infrastructure;
using Crm.Web.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Authentication;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Crm.Web.Hosting;

internal static class PlatformServices
{
    private const string CallerScheme = "Caller";

    public static IServiceCollection AddCrmPlatform(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddCrmDatabase();
        services.AddOutboxDispatcher();

        // The import pages' uploads wait in a folder of this process; what crashed imports left is removed at start-up.
        services.AddOptions<UploadFolderOptions>().Bind(configuration.GetSection(UploadFolderOptions.SectionName));
        services.AddSingleton<UploadFolder>();
        services.AddHostedService<UploadFolder.StartupCleanup>();

        // People sign in with Identity's cookie; integrations send X-Api-Key to /api. A policy scheme picks one per request.
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CallerScheme;
                options.DefaultChallengeScheme = CallerScheme;
                options.DefaultForbidScheme = CallerScheme;
            })
            .AddPolicyScheme(CallerScheme, "Cookie or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.IsApiRequest() && context.Request.Headers.ContainsKey(ApiKeyService.HeaderName)
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
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionStampValidator>());
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddScoped<OperationScope>();
        services.AddScoped<PasswordSignIn>();
        services.AddKeyedSingleton(PasswordSignIn.FailuresKey, (_, _) => PasswordSignIn.CreateFailureLimiter());
        services.AddScoped<DemoUsersSeeder>();

        services.AddCrmDataProtection(configuration, environment);

        // A page sends what is typed into a field in one circuit message. The longest fields hold 50,000 characters (an
        // article), up to 3 bytes each in UTF-8 and about twice that on the wire: the 32 KB default would drop the circuit,
        // and the text with it, at about 16,000 characters.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices();
        // One JSON for the API and its OpenAPI document (which reads the minimal-API options): enums by name, strict numbers.
        var mvc = services.AddControllers(options => options.Filters.Add<ApiResultFilter>())
            .AddJsonOptions(o => ApiJson.Configure(o.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = InvalidInputProblem.Create);
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.Controllers.IControllerActivator, ControllerActivator>());
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        foreach (var module in services.Where(d => d.ServiceType == typeof(Crm.Kernel.Modules.CrmModule)).Select(d => (Crm.Kernel.Modules.CrmModule)d.ImplementationInstance!))
        {
            mvc.AddApplicationPart(module.Assembly);
        }

        services.AddApiRateLimiting();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            // RFC 9457: every problem names its type; the framework knows the RFC 9110 statuses, not 428 and 429 (RFC 6585).
            problem.Type ??= problem.Status switch
            {
                StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
                StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                _ => "about:blank",
            };
            problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status ?? context.HttpContext.Response.StatusCode);
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(options => options.AddCrmConventions());
        services.AddHealthChecks().AddDbContextCheck<CrmDbContext>("database", tags: ["ready"]);
        // No "Server: Kestrel": nothing tells a scanner which server and version to try.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        // HSTS (outside Development, over HTTPS) for a year; includeSubDomains only where every subdomain serves HTTPS.
        services.AddOptions<HstsOptions>().Configure<IConfiguration>((hsts, settings) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = settings.GetValue<bool>("Security:Hsts:IncludeSubDomains");
        });
        services.AddHttpContextAccessor();
        return services;
    }
}
