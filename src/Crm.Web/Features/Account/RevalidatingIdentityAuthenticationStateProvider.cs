using System.Security.Claims;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Account;

/// <summary>
/// Re-checks the security stamp of the circuit's user every <c>Authentication:CircuitRevalidationSeconds</c> (30 by
/// default), so an open page loses its session soon after the user signs out elsewhere, changes the password, or an
/// Admin blocks the user or changes their roles: each of those changes the stamp.
/// </summary>
internal sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory, IOptions<IdentityOptions> options, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval { get; } =
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Authentication:CircuitRevalidationSeconds", 30)));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        // The stamp alone, like the cookie check: an Admin's block changes it, while a lockout by failed sign-ins (which
        // anyone can cause) does not end the sessions the user already has.
        var user = await userManager.GetUserAsync(authenticationState.User);
        if (user is null)
        {
            return false;
        }

        var principalStamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user);
    }
}
