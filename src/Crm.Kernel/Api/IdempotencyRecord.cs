namespace Crm.Kernel.Api;

/// <summary>
/// The remembered outcome of a creating API call sent with an <c>Idempotency-Key</c>: the same key and body replay the
/// stored response; the same key with another body is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who sent it (user id or API key id) and where (method and path): keys are private to their caller.</summary>
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    public byte[] RequestHash { get; set; } = [];

    /// <summary>0 while the first request is still running.</summary>
    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
