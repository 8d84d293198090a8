using System.Security.Cryptography;
using System.Text;
using Crm.Kernel.Auditing;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Telephony;

/// <summary>
/// A telephone system (PBX, cloud telephony) that pushes call events to eCRM: the numbers it answers for queues, the
/// extensions of agents, and how it proves itself. A system authenticates either by a token in the webhook's URL (only its
/// SHA-256 is stored) or by an HMAC-SHA256 signature over the raw body with a shared secret (stored encrypted by data
/// protection, since checking a signature needs the secret itself). The credential is shown once, when made.
/// </summary>
internal sealed class PhoneSystem : AuditableEntity
{
    public const int MaxNumbers = 200;
    public const int MaxExtensions = 1000;

    /// <summary>How long the random part of a token or secret is, in bytes (256 bits).</summary>
    private const int SecretBytes = 32;

    public long Id { get; set; }

    /// <summary>A public, random name of the system in its webhook URLs (<c>key.secret</c> tokens and signed posts).</summary>
    public string Key { get; private set; } = "";

    public string Name { get; private set; } = "";

    public PhoneAuthentication Authentication { get; private set; }

    /// <summary>SHA-256 of the token's secret part (token authentication).</summary>
    public byte[]? TokenHash { get; private set; }

    /// <summary>The signing secret, encrypted with ASP.NET Core data protection (signature authentication).</summary>
    public string? ProtectedSecret { get; private set; }

    public bool IsActive { get; private set; } = true;

    public List<PhoneQueueNumber> QueueNumbers { get; } = [];

    public List<PhoneExtension> Extensions { get; } = [];

    public static PhoneSystem Create(string name) => new() { Key = NewKey(), Name = name.Trim() };

    public void Rename(string name) => Name = name.Trim();

    public void SetActive(bool active) => IsActive = active;

    /// <summary>
    /// Makes a new credential of the kind asked for and forgets the old one; returns what the telephone system must be
    /// given (the whole token, or the secret), which is never available again.
    /// </summary>
    public string NewCredential(PhoneAuthentication authentication, Func<string, string> protect)
    {
        ArgumentNullException.ThrowIfNull(protect);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        Authentication = authentication;
        if (authentication == PhoneAuthentication.Token)
        {
            TokenHash = Hash(secret);
            ProtectedSecret = null;
            return $"{Key}.{secret}";
        }

        TokenHash = null;
        ProtectedSecret = protect(secret);
        return secret;
    }

    /// <summary>Whether <paramref name="secret"/> (the part after the key) is this system's token; compared in constant time.</summary>
    public bool AcceptsToken(string secret) =>
        Authentication == PhoneAuthentication.Token && TokenHash is { } hash && CryptographicOperations.FixedTimeEquals(hash, Hash(secret));

    /// <summary>
    /// Whether <paramref name="signature"/> (<c>sha256=</c> and the lower- or upper-case hex of the HMAC) signs
    /// <paramref name="body"/> with this system's secret; compared in constant time.
    /// </summary>
    public bool AcceptsSignature(ReadOnlySpan<byte> body, string? signature, Func<string, string> unprotect)
    {
        ArgumentNullException.ThrowIfNull(unprotect);
        if (Authentication != PhoneAuthentication.Signature || ProtectedSecret is null || signature is null)
        {
            return false;
        }

        var hex = signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? signature[7..] : signature;
        byte[] sent;
        try
        {
            sent = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(unprotect(ProtectedSecret)), body);
        return CryptographicOperations.FixedTimeEquals(expected, sent);
    }

    public void SetQueueNumbers(IEnumerable<(string Number, long QueueId)> numbers)
    {
        QueueNumbers.Clear();
        QueueNumbers.AddRange(numbers.Select(n => new PhoneQueueNumber { Number = n.Number, QueueId = n.QueueId }));
    }

    public void SetExtensions(IEnumerable<(string Extension, string AgentId)> extensions)
    {
        Extensions.Clear();
        Extensions.AddRange(extensions.Select(e => new PhoneExtension { Extension = e.Extension, AgentId = e.AgentId }));
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A number of the system that rings a Service queue (E.164): its calls go to the agent routing picks in that queue.</summary>
internal sealed class PhoneQueueNumber
{
    public long Id { get; set; }

    public long PhoneSystemId { get; set; }

    public string Number { get; set; } = "";

    public long QueueId { get; set; }
}

/// <summary>An extension of the system and the agent whose phone it is.</summary>
internal sealed class PhoneExtension
{
    public long Id { get; set; }

    public long PhoneSystemId { get; set; }

    public string Extension { get; set; } = "";

    public string AgentId { get; set; } = "";
}
