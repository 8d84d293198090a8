using System.Globalization;
using System.Threading.RateLimiting;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Crm.Sales.Features.Leads;

/// <summary>
/// Submissions of the public lead form per client address (fixed window, <c>Sales:WebToLead:PermitsPerWindow</c> per
/// <c>Sales:WebToLead:WindowSeconds</c>). Over the limit: 429 with Retry-After and ProblemDetails.
/// </summary>
internal sealed class WebToLeadRateLimitPolicy(IOptions<WebToLeadOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "web-to-lead";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var http = context.HttpContext;
        var seconds = PerAddressRateLimit.Reject(context, TimeSpan.FromSeconds(1)).ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many submissions from your address. Please try again in {seconds} second(s).";
        // Written here (not left to the status-code pages, which would re-run a page for a cross-site form post).
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many submissions</title></head><body><h1>Too many submissions</h1><p>{detail}</p></body></html>",
                cancellationToken);
            return;
        }

        await http.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many submissions", Detail = detail },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        PerAddressRateLimit.FixedWindow(httpContext, options.Value.PermitsPerWindow, TimeSpan.FromSeconds(options.Value.WindowSeconds));
}
