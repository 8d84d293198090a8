using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Kernel.Api;

/// <summary>
/// What the public, unauthenticated endpoints' rate-limit policies share (web-to-lead, the /verify code check): one fixed
/// window per client address, and the 429 with Retry-After they answer over the limit (each writes its own body).
/// </summary>
public static class PerAddressRateLimit
{
    /// <summary><paramref name="permits"/> per <paramref name="window"/> for the request's client address, no queue.</summary>
    public static RateLimitPartition<string> FixedWindow(HttpContext httpContext, int permits, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : window,
            QueueLimit = 0,
        });
    }

    /// <summary>Sets 429 and Retry-After (whole seconds, at least 1; <paramref name="fallback"/> when the lease names none); returns the seconds.</summary>
    public static int Reject(OnRejectedContext context, TimeSpan fallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : fallback;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
