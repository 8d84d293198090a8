using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Hosting;

/// <summary>
/// Browsers that may not see a page get a redirect to sign in, or a friendly 403 page; API callers get
/// 401/403 ProblemDetails, never an HTML redirect.
/// </summary>
internal static class ApiAwareCookieEvents
{
    public static CookieAuthenticationEvents Create() => new()
    {
        // Identity's own events do this; replacing them must keep it, or no cookie is ever checked against its user.
        OnValidatePrincipal = Microsoft.AspNetCore.Identity.SecurityStampValidator.ValidatePrincipalAsync,
        OnRedirectToLogin = context => context.Request.IsApiRequest()
            ? WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in or send an API key to use this endpoint.")
            : Redirect(context),
        OnRedirectToAccessDenied = context =>
        {
            if (context.Request.IsApiRequest())
            {
                return WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Your role does not allow this.");
            }

            // An empty 403 that the status-code pages render as the friendly "no access" page.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        },
    };

    /// <summary>The API and its OpenAPI document: answered with problem details, never with an HTML page or redirect.</summary>
    public static bool IsApiRequest(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task WriteProblemAsync(HttpContext httpContext, int status, string detail)
    {
        httpContext.Response.StatusCode = status;
        var problems = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
