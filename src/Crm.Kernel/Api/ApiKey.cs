namespace Crm.Kernel.Api;

/// <summary>
/// A key an integration (web shop, ERP, telephony) sends in <c>X-Api-Key</c>. It acts with one role. Only a SHA-256
/// hash of the secret is stored; the key itself is shown once, when it is issued.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>The public part of the key (<c>ecrm_{Prefix}_...</c>), used to find it without scanning hashes.</summary>
    public string Prefix { get; set; } = "";

    public byte[] SecretHash { get; set; } = [];

    public DateTime CreatedAtUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime? RevokedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public bool IsActive => RevokedAtUtc is null;
}
