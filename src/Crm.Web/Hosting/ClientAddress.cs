namespace Crm.Web.Hosting;

/// <summary>
/// The client's address as the limits on failed attempts count it: the connection's remote address (the proxy's
/// X-Forwarded-For where forwarded headers are enabled, as in docker-compose), IPv4 clients of a dual-stack socket
/// as plain IPv4.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        var address => address.ToString(),
    };
}
