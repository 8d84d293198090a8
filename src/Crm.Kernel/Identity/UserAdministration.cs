using Crm.Kernel.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Identity;

public sealed record UserSummary(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? LockedOutUntil, DateTime CreatedAtUtc)
{
    public bool IsLockedOut => LockedOutUntil is { } until && until > DateTimeOffset.UtcNow;
}

public sealed record NewUser(string Email, string DisplayName, string Role, string Password);

public sealed record UserPage(IReadOnlyList<UserSummary> Users, int TotalCount);

/// <summary>
/// Everything an Admin does with users and roles, for the admin pages and <c>crm users add</c>.
/// Every call checks that the acting user is an Admin; a refused or invalid call changes nothing.
/// </summary>
public sealed class UserAdministration(UserManager<CrmUser> userManager, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly NewUserValidator Validator = new();

    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var query = userManager.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var users = await query.OrderBy(u => u.NormalizedEmail)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .ToListAsync(cancellationToken);

        var summaries = new List<UserSummary>(users.Count);
        foreach (var user in users)
        {
            var roles = await userManager.GetRolesAsync(user);
            summaries.Add(new UserSummary(user.Id, user.Email ?? "", user.DisplayName, [.. roles.Order()], user.LockoutEnd, user.CreatedAtUtc));
        }

        return new UserPage(summaries, total);
    }

    public async Task<OperationResult> CreateAsync(NewUser request, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var validation = await Validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return OperationResult.From(validation);
        }

        var role = CrmRoles.Normalize(request.Role)!;
        var user = new CrmUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };

        // Validate the password first so a weak password leaves no half-created user behind.
        foreach (var passwordValidator in userManager.PasswordValidators)
        {
            var passwordResult = await passwordValidator.ValidateAsync(userManager, user, request.Password);
            if (!passwordResult.Succeeded)
            {
                return FromIdentity(passwordResult, nameof(NewUser.Password));
            }
        }

        var created = await userManager.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return FromIdentity(created, nameof(NewUser.Email));
        }

        var added = await userManager.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await userManager.DeleteAsync(user);
            return FromIdentity(added, nameof(NewUser.Role));
        }

        return OperationResult.Success;
    }

    public async Task<OperationResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var normalized = roles.Select(CrmRoles.Normalize).ToList();
        if (normalized.Count == 0 || normalized.Any(r => r is null))
        {
            return OperationResult.Failure("Roles", $"Choose at least one of: {string.Join(", ", CrmRoles.All)}.");
        }

        var wanted = normalized.OfType<string>().Distinct().ToList();

        var user = await FindAsync(userId);
        var current = await userManager.GetRolesAsync(user);
        if (current.Contains(CrmRoles.Admin) && !wanted.Contains(CrmRoles.Admin))
        {
            if (user.Id == currentUser.ActorId)
            {
                return OperationResult.Failure("Roles", "You cannot remove the Admin role from yourself.");
            }

            if ((await userManager.GetUsersInRoleAsync(CrmRoles.Admin)).Count <= 1)
            {
                return OperationResult.Failure("Roles", "eCRM needs at least one Admin.");
            }
        }

        var removed = await userManager.RemoveFromRolesAsync(user, current.Except(wanted));
        if (!removed.Succeeded)
        {
            return FromIdentity(removed, "Roles");
        }

        var added = await userManager.AddToRolesAsync(user, wanted.Except(current));
        if (!added.Succeeded)
        {
            return FromIdentity(added, "Roles");
        }

        // Sign the user out everywhere so the new roles take effect at the next sign-in.
        await userManager.UpdateSecurityStampAsync(user);
        return OperationResult.Success;
    }

    /// <summary>Stops (or allows again) a user from signing in. Their records stay.</summary>
    public async Task<OperationResult> SetSignInBlockedAsync(string userId, bool blocked, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var user = await FindAsync(userId);
        if (blocked && user.Id == currentUser.ActorId)
        {
            return OperationResult.Failure("", "You cannot block your own sign-in.");
        }

        await userManager.SetLockoutEnabledAsync(user, true);
        var result = await userManager.SetLockoutEndDateAsync(user, blocked ? DateTimeOffset.MaxValue : null);
        if (result.Succeeded && !blocked)
        {
            await userManager.ResetAccessFailedCountAsync(user);
        }

        if (result.Succeeded && blocked)
        {
            await userManager.UpdateSecurityStampAsync(user);
        }

        return result.Succeeded ? OperationResult.Success : FromIdentity(result, "");
    }

    public async Task<OperationResult> ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var user = await FindAsync(userId);
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var result = await userManager.ResetPasswordAsync(user, token, newPassword);
        return result.Succeeded ? OperationResult.Success : FromIdentity(result, "Password");
    }

    private async Task<CrmUser> FindAsync(string userId) =>
        await userManager.FindByIdAsync(userId) ?? throw new NotFoundException($"No user with id '{userId}'.");

    private void EnsureAdmin()
    {
        if (!currentUser.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only an Admin may manage users and roles.");
        }
    }

    private static OperationResult FromIdentity(IdentityResult result, string field) =>
        new([.. result.Errors.Select(e => new ValidationError(
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(NewUser.Password)
            : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(NewUser.Email)
            : field,
            e.Description))]);
}

internal sealed class NewUserValidator : AbstractValidator<NewUser>
{
    public NewUserValidator()
    {
        RuleFor(u => u.Email).NotEmpty().WithMessage("Enter an email address.")
            .EmailAddress().WithMessage("'{PropertyValue}' is not a valid email address.")
            .MaximumLength(256);
        RuleFor(u => u.DisplayName).NotEmpty().WithMessage("Enter the person's name.").MaximumLength(200);
        RuleFor(u => u.Role).Must(r => CrmRoles.Normalize(r) is not null)
            .WithMessage(u => $"'{u.Role}' is not a role. Use one of: {string.Join(", ", CrmRoles.All)}.");
        RuleFor(u => u.Password).NotEmpty().WithMessage("Enter a password.");
    }
}
