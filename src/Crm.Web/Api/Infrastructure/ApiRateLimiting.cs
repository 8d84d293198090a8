using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// Per-caller limits on the API (each user or API key its own window, anonymous callers by address). A caller over the
/// limit gets 429 with <c>Retry-After</c> and ProblemDetails. Configured by <c>Api:RateLimit:PermitsPerWindow</c> and
/// <c>Api:RateLimit:WindowSeconds</c>: by default 600 requests a minute, so one caller cannot take the host's cores from
/// everyone else (an integration that needs more uses the bulk endpoints or gets a higher setting).
/// </summary>
internal static class ApiRateLimiting
{
    public const string PolicyName = "api";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddKeyedSingleton(ApiKeyAuthenticationHandler.FailuresKey,
            (sp, _) => ApiKeyAuthenticationHandler.CreateFailureLimiter(sp.GetRequiredService<IConfiguration>()));
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context =>
            {
                var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
                var permits = configuration.GetValue("Api:RateLimit:PermitsPerWindow", 600);
                var window = TimeSpan.FromSeconds(configuration.GetValue("Api:RateLimit:WindowSeconds", 60));
                var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier)
                    ?? context.Connection.RemoteIpAddress?.ToString()
                    ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"Slow down: try again in {http.Response.Headers.RetryAfter} second(s).",
                    },
                });
            };
        });
        return services;
    }
}
