using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Account;

/// <summary>
/// Checks the sign-in cookie's security stamp against the user's on every request (one read by primary key), so a
/// cookie stops working the moment its user signs out, changes the password, is blocked or gets other roles: each of
/// those changes the stamp. A cookie whose stamp still matches keeps its principal as it is: roles cannot be stale
/// (changing them changes the stamp), and the cookie is not re-issued on every response.
/// </summary>
internal sealed class SessionStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<CrmUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<CrmUser>(options, signInManager, logger)
{
    /// <summary>Every request, whatever the options say: a copied cookie must not outlive a sign-out by any interval.</summary>
    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (await VerifySecurityStamp(context.Principal) is null)
        {
            context.RejectPrincipal();
            await SignInManager.SignOutAsync();
        }
    }
}
