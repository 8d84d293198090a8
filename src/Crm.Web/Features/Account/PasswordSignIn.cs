using Crm.Kernel.Identity;
using Crm.Web.Api.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features.Account;

/// <summary>
/// Signing in with a password without telling anyone which emails have accounts, and without letting anyone lock a
/// person out. Failed attempts are counted per account and client address: after 5 in 15 minutes that pair is paused
/// for the rest of the window (the owner signs in from their own address meanwhile). Identity's lockout per account
/// stays as the backstop against guessing from many addresses (20 failures in a row, see AddCrmIdentityCore). Unknown
/// emails are counted and answered exactly like real ones, with the same message and a password hash of the same cost.
/// </summary>
internal sealed class PasswordSignIn(
    SignInManager<CrmUser> signInManager,
    [FromKeyedServices(PasswordSignIn.FailuresKey)] FailedAttemptLimiter failures,
    ILogger<PasswordSignIn> logger)
{
    public const string FailuresKey = "sign-in-failures";

    /// <summary>The one answer to every refused sign-in: wrong password, unknown email, paused or locked account.</summary>
    public const string Refused =
        "Email or password is not correct, or signing in from here is paused after too many failed attempts (for up to 15 minutes). If you cannot sign in, ask an Admin.";

    private static readonly CrmUser Placeholder = new();
    private static string? placeholderHash;

    public static FailedAttemptLimiter CreateFailureLimiter() => new(5, TimeSpan.FromMinutes(15));

    /// <summary>Signs the person in (sets the cookie) and returns true, or returns false for any refusal.</summary>
    public async Task<bool> SignInAsync(string email, string password, bool remember, string address)
    {
        email = email.Trim();
        var key = $"{email.ToUpperInvariant()}|{address}";
        if (failures.IsBlocked(key))
        {
            logger.LogWarning("Sign-in refused for {Email} from {Address}: paused after failed attempts", email, address);
            return false;
        }

        var user = await signInManager.UserManager.FindByNameAsync(email);
        SignInResult result;
        if (user is null)
        {
            var hasher = signInManager.UserManager.PasswordHasher;
            placeholderHash ??= hasher.HashPassword(Placeholder, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Placeholder, placeholderHash, password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        }

        if (result.Succeeded)
        {
            logger.LogInformation("User {Email} signed in from {Address}", email, address);
            return true;
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused for locked or blocked account {Email} from {Address}", email, address);
        }

        if (failures.RecordFailure(key))
        {
            logger.LogWarning("Sign-in to {Email} from {Address} is paused for up to {Minutes} minutes after {Failures} failed attempts",
                email, address, (int)failures.Window.TotalMinutes, failures.Permits);
        }

        return false;
    }
}
