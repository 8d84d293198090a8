using Crm.Service.Features.Cases;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>Times in a query string are UTC unless they say otherwise, whatever zone the server runs in.</summary>
public sealed class QueryTimesTests
{
    [Fact]
    public void A_time_without_an_offset_is_read_as_UTC_as_written()
    {
        var time = QueryTimes.AsUtc(new DateTime(2026, 12, 7, 17, 45, 0, DateTimeKind.Unspecified))!.Value;

        Assert.Equal((DateTimeKind.Utc, new DateTime(2026, 12, 7, 17, 45, 0)), (time.Kind, DateTime.SpecifyKind(time, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void A_time_with_an_offset_or_in_UTC_is_the_same_instant_in_UTC()
    {
        // Model binding reads "2026-12-07T18:45:00+01:00" as a Local time of that instant.
        var local = DateTimeOffset.Parse("2026-12-07T18:45:00+01:00", System.Globalization.CultureInfo.InvariantCulture).LocalDateTime;
        var utc = new DateTime(2026, 12, 7, 17, 45, 0, DateTimeKind.Utc);

        Assert.Equal(utc, QueryTimes.AsUtc(local));
        Assert.Equal(utc, QueryTimes.AsUtc(utc));
        Assert.Null(QueryTimes.AsUtc(null));
    }
}
