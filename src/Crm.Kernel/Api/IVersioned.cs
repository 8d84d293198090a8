namespace Crm.Kernel.Api;

/// <summary>
/// A record the API returns with its version: a successful answer carrying one gets the version as its <c>ETag</c>
/// (set by the host once for every endpoint), for <c>If-Match</c> on the next update.
/// </summary>
public interface IVersioned
{
    Guid Version { get; }
}
