namespace Crm.Web.Hosting;

/// <summary>Sets the security headers every response carries (CSP, framing, sniffing, referrer, permissions).</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Blazor Server's websocket goes to this origin, which 'self' covers for ws: and wss: (CSP Level 3); MudBlazor sets
    // inline styles. Scripts and connections only to this origin, so injected markup cannot send data elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    // The API reference page (Scalar) bootstraps itself with an inline script.
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-reference")
                ? ApiReferencePolicy
                : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
