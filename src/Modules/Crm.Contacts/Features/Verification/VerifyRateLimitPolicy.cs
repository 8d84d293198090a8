using System.Threading.RateLimiting;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Verification;

/// <summary>
/// Code checks per client address (the page's form and the API together; fixed window, <c>Contacts:Verification:TriesPerWindow</c>
/// per <c>WindowMinutes</c>, 5 an hour by default), so codes cannot be guessed. Over the limit: 429 with Retry-After, as
/// the page with a clear message for a browser, ProblemDetails otherwise.
/// </summary>
internal sealed class VerifyRateLimitPolicy(IOptions<VerificationOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "contact-verification";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var http = context.HttpContext;
        var seconds = PerAddressRateLimit.Reject(context, TimeSpan.FromMinutes(1));
        var minutes = Math.Max(1, (int)Math.Ceiling(seconds / 60.0));
        var detail = $"Too many codes were checked from your address. For your security, please wait {minutes} minute{(minutes == 1 ? "" : "s")} and try again.";
        if (http.Request.HasFormContentType || http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var notice = http.RequestServices.GetRequiredService<Contracts.IContactVerification>().NeverAskNotice;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsync(VerifyPage.Render(notice, typed: null, VerifyPage.Outcome.Paused(detail)), cancellationToken);
            return;
        }

        await http.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many checks", Detail = detail },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        PerAddressRateLimit.FixedWindow(httpContext, options.Value.TriesPerWindow, TimeSpan.FromMinutes(Math.Max(1, options.Value.WindowMinutes)));
}
