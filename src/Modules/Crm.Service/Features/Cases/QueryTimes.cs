namespace Crm.Service.Features.Cases;

/// <summary>Times an API caller sends in a query string, read the same whatever the server's time zone.</summary>
internal static class QueryTimes
{
    /// <summary>
    /// The time in UTC: one with an offset or a Z is converted, one without (2026-12-07T17:45:00, Kind Unspecified) is UTC
    /// as written, as every time of the API is UTC; reading it in the server's zone would shift the caller's window by the
    /// zone the host happens to run in.
    /// </summary>
    public static DateTime? AsUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
        { } given => given.ToUniversalTime(),
    };
}
