using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features.Account;

internal static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with an antiforgery token (a link could be abused to sign people out). It changes the user's
    /// security stamp, so every copy of the cookie stops working at once, on this device and the user's others (a
    /// cookie carries no session of its own to end alone).
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (
            SignInManager<CrmUser> signInManager, UserManager<CrmUser> userManager, IAntiforgery antiforgery, ILoggerFactory loggers, HttpContext context) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The sign-out form has expired. Reload the page and sign out again.");
            }

            loggers.CreateLogger("Account").LogInformation("User {User} signed out", context.User.Identity?.Name);
            if (await userManager.GetUserAsync(context.User) is { } user)
            {
                await userManager.UpdateSecurityStampAsync(user);
            }

            await signInManager.SignOutAsync();
            return Results.LocalRedirect("/account/login?signedOut=true");
        }).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Only local paths, so a crafted link cannot send a user elsewhere after sign-in.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
