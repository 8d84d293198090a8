using System.Globalization;
using Crm.Ui.Formatting;

namespace Crm.Ui.Tests.Formatting;

/// <summary>The kit's display formats: amounts and counts follow the reader's culture, dates are ISO in every culture.</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("en-US", "1,234,567.50")]
    [InlineData("de-DE", "1.234.567,50")]
    public void Money_has_cents_and_the_cultures_group_separators(string culture, string expected) =>
        InCulture(culture, () => Assert.Equal(expected, Display.Money(1_234_567.5m)));

    [Fact]
    public void Money_rounds_to_the_cent_and_keeps_the_sign()
    {
        InCulture("en-US", () =>
        {
            Assert.Equal("0.13", Display.Money(0.126m));
            Assert.Equal("-42.00", Display.Money(-42m));
            Assert.Equal("1,000.00", Display.Money(999.999));
        });
    }

    [Fact]
    public void An_unknown_amount_shows_a_dash_or_the_text_the_page_asks_for()
    {
        Assert.Equal("—", Display.Money((decimal?)null));
        Assert.Equal("unknown", Display.Money((decimal?)null, "unknown"));
        Assert.Equal("", Display.Money((double?)null, ""));
        InCulture("en-US", () => Assert.Equal("7.10", Display.Money((decimal?)7.1m, "unknown")));
    }

    [Theory]
    [InlineData("en-US", "12,346")]
    [InlineData("de-DE", "12.346")]
    public void Whole_money_rounds_to_whole_units(string culture, string expected) =>
        InCulture(culture, () =>
        {
            Assert.Equal(expected, Display.WholeMoney(12_345.5m));
            Assert.Equal(expected, Display.WholeMoney(12_345.5d));
        });

    [Fact]
    public void Counts_group_thousands_and_quantities_round_to_whole_units()
    {
        InCulture("en-US", () =>
        {
            Assert.Equal("1,234,567", Display.Count(1_234_567));
            Assert.Equal("0", Display.Count(0));
            Assert.Equal("3", Display.Count(2.5m + 0.4m));
        });
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void Dates_are_ISO_in_every_culture_even_with_another_calendar(string culture) =>
        InCulture(culture, () =>
        {
            Assert.Equal("2026-03-31", Display.Date(new DateOnly(2026, 3, 31)));
            Assert.Equal("2026-03-31", Display.Date((DateOnly?)new DateOnly(2026, 3, 31)));
        });

    [Fact]
    public void A_missing_date_shows_a_dash_or_the_given_text()
    {
        Assert.Equal("—", Display.Date((DateOnly?)null));
        Assert.Equal("never", Display.LocalDate(null, "never"));
        Assert.Equal("none yet", Display.LocalDateTime(null, "none yet"));
    }

    [Fact]
    public void Timestamps_are_shown_in_local_time_to_the_minute()
    {
        var utc = new DateTime(2026, 7, 15, 23, 45, 59, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.Local);

        InCulture("th-TH", () =>
        {
            Assert.Equal($"{local.Year:D4}-{local.Month:D2}-{local.Day:D2} {local.Hour:D2}:{local.Minute:D2}", Display.LocalDateTime(utc));
            Assert.Equal($"{local.Year:D4}-{local.Month:D2}-{local.Day:D2}", Display.LocalDate(utc));
            Assert.Equal(Display.LocalDateTime(utc), Display.LocalDateTime((DateTime?)utc, "none yet"));
        });
    }

    private static void InCulture(string name, Action check)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            check();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
