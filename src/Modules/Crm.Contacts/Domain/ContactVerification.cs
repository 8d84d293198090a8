using System.Security.Cryptography;
using System.Text;
using Crm.Kernel;

namespace Crm.Contacts.Domain;

/// <summary>
/// One issued "is this really you?" code: its SHA-256 hash (the code itself is never stored here), who made the contact
/// (their first name, what the customer may see), on which channel, when, and until when it can be checked.
/// </summary>
internal sealed class ContactVerification
{
    /// <summary>No 0/O, no 1/I/L: what a customer reads from a screen or hears on the phone is what they type.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int CodeLength = 8;

    public long Id { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the normalised code (unique).</summary>
    public string CodeHash { get; private set; } = "";

    public long CustomerId { get; private set; }

    public string AgentUserId { get; private set; } = "";

    public string AgentFirstName { get; private set; } = "";

    public Channel Channel { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    /// <summary>A fresh random code (cryptographic randomness), for example <c>K7QMXW3P</c>.</summary>
    public static string NewCode() => new(RandomNumberGenerator.GetItems<char>(Alphabet, CodeLength));

    /// <summary>
    /// What a customer typed, as the code it stands for: upper-cased, spaces and dashes dropped. Null when it cannot be a
    /// code (wrong length, or characters outside the alphabet).
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var builder = new StringBuilder(CodeLength);
        foreach (var c in typed.Trim().ToUpperInvariant())
        {
            if (c is ' ' or '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013')
            {
                continue;
            }

            if (builder.Length == CodeLength || !Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(c);
        }

        return builder.Length == CodeLength ? builder.ToString() : null;
    }

    /// <summary>The code as agents read it out: two groups of four (<c>K7QM-XW3P</c>).</summary>
    public static string Display(string code) => $"{code[..4]}-{code[4..]}";

    public static string Hash(string normalizedCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode)));

    /// <summary>A code issued now for a contact by <paramref name="agentDisplayName"/> (only the first name is kept).</summary>
    public static ContactVerification Issue(
        string code, long customerId, string agentUserId, string agentDisplayName, Channel channel, DateTime nowUtc, TimeSpan lifetime) => new()
    {
        CodeHash = Hash(code),
        CustomerId = customerId,
        AgentUserId = agentUserId,
        AgentFirstName = FirstName(agentDisplayName),
        Channel = channel,
        IssuedAtUtc = nowUtc,
        ExpiresAtUtc = nowUtc + lifetime,
    };

    public bool IsValidAt(DateTime nowUtc) => nowUtc < ExpiresAtUtc;

    internal static string FirstName(string displayName)
    {
        var first = displayName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return first.Length > 50 ? first[..50] : first;
    }
}
