using Crm.Kernel.Data;

namespace Crm.Kernel.Tests.Data;

/// <summary>Values as the SQLite conventions store them, read back without EF (the dialect's fast path).</summary>
public sealed class SqliteValuesTests
{
    [Theory]
    [InlineData("2024-03-01 15:00:00")]
    [InlineData("2024-03-01 15:00:00.1234567")]
    [InlineData("2024-03-01 15:00:00.5")]
    [InlineData("2024-03-01T15:00:00.25")]
    [InlineData("1999-12-31 23:59:59.9999999")]
    public void Stored_timestamps_parse_as_the_same_UTC_instant_as_the_framework_parses_them(string text)
    {
        var expected = DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

        var parsed = SqliteValues.ParseUtc(text);

        Assert.Equal(expected, parsed);
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
    }
}
