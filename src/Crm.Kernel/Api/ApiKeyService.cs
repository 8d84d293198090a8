using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Api;

public sealed record ApiKeySummary(Guid Id, string Name, string Role, string Prefix, DateTime CreatedAtUtc, string CreatedBy,
    DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

/// <summary>The key as issued: <see cref="Key"/> is shown once and never stored.</summary>
public sealed record IssuedApiKey(Guid Id, string Name, string Role, string Key);

/// <summary>Issues, lists, revokes and checks API keys. Issuing and revoking are for Admins only.</summary>
public sealed class ApiKeyService(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ApiKeyCache cache)
{
    public const string HeaderName = "X-Api-Key";
    public const string ApiKeyIdClaim = "api_key_id";

    /// <summary>True for an integration calling with an API key (not a person): it acts with its role, for no one person.</summary>
    public static bool IsApiKey(ICurrentUser user) => user.Principal.HasClaim(c => c.Type == ApiKeyIdClaim);
    private const string KeyStart = "ecrm_";

    public async Task<(IssuedApiKey? Key, OperationResult Result)> IssueAsync(string name, string role, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        var canonicalRole = CrmRoles.Normalize(role);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            errors.Add(new ValidationError("Name", "Give the key a name of 1 to 100 characters, for example the system that uses it."));
        }

        if (canonicalRole is null)
        {
            errors.Add(new ValidationError("Role", $"'{role}' is not a role. Use one of: {string.Join(", ", CrmRoles.All)}."));
        }

        if (errors.Count > 0)
        {
            return (null, new OperationResult(errors));
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var apiKey = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            Role = canonicalRole!,
            Prefix = prefix,
            SecretHash = Hash(secret),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            CreatedBy = currentUser.ActorId,
        };
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        context.ApiKeys.Add(apiKey);
        await context.SaveChangesAsync(cancellationToken);
        return (new IssuedApiKey(apiKey.Id, apiKey.Name, apiKey.Role, $"{KeyStart}{prefix}_{secret}"), OperationResult.Success);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await context.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. keys.OrderBy(k => k.RevokedAtUtc.HasValue).ThenByDescending(k => k.CreatedAtUtc)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAtUtc, k.CreatedBy, k.RevokedAtUtc, k.LastUsedAtUtc))];
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        EnsureAdmin();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = await context.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No API key with id {id}.");
        key.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
        cache.Forget(id);
    }

    /// <summary>
    /// The principal an active key acts as, or null for an unknown, malformed or revoked key. A key checked in the last
    /// <see cref="ApiKeyCache.Lifetime"/> is not read again.
    /// </summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(string presentedKey, string authenticationType, CancellationToken cancellationToken = default)
    {
        var parts = presentedKey.Split('_');
        if (parts.Length != 3 || parts[0] + "_" != KeyStart || parts[1].Length != 12)
        {
            return null;
        }

        var presentedHash = Convert.ToHexString(Hash(presentedKey));
        if (cache.Find(presentedHash) is { } known)
        {
            return Principal(known.Id, known.Name, known.Role, authenticationType);
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var prefix = parts[1];
        var key = await context.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || !key.IsActive || !CryptographicOperations.FixedTimeEquals(key.SecretHash, Hash(parts[2])))
        {
            return null;
        }

        // Record use at most once a minute, so busy integrations do not write on every call.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAtUtc is null || now - key.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAtUtc = now;
            await context.SaveChangesAsync(cancellationToken);
        }

        cache.Remember(presentedHash, new ApiKeyCache.Entry(key.Id, key.Name, key.Role, now));
        return Principal(key.Id, key.Name, key.Role, authenticationType);
    }

    private static ClaimsPrincipal Principal(Guid id, string name, string role, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"apikey:{id}"),
            new Claim(ClaimTypes.Name, $"API key '{name}'"),
            new Claim(ClaimTypes.Role, role),
            new Claim(ApiKeyIdClaim, id.ToString()),
        ], authenticationType));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');

    private void EnsureAdmin()
    {
        if (!currentUser.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only an Admin may issue or revoke API keys.");
        }
    }
}
