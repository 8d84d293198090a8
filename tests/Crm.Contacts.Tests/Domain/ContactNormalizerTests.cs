using Crm.Contacts.Domain;

namespace Crm.Contacts.Tests.Domain;

public sealed class ContactNormalizerTests
{
    [Theory]
    [InlineData("(415) 555-0123", "US", "+14155550123")]
    [InlineData("415.555.0123", "US", "+14155550123")]
    [InlineData("+1 415 555 0123", "US", "+14155550123")]
    [InlineData("001-415-555-0123", "US", "+14155550123")]
    [InlineData("+44 20 7946 0958", "US", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("0044 (0)20 7946 0958", "DE", "+442079460958")]
    [InlineData("+49 30 901820", "US", "+4930901820")]
    public void Phones_in_any_common_format_become_E164(string input, string region, string expected)
    {
        Assert.True(ContactNormalizer.TryNormalizePhone(input, region, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("call me")]
    [InlineData("123")]
    [InlineData("+1 415 555")]
    public void Text_that_is_no_valid_phone_number_is_rejected(string input) =>
        Assert.False(ContactNormalizer.TryNormalizePhone(input, "US", out _));

    [Fact]
    public void Emails_are_trimmed_and_lower_cased() =>
        Assert.Equal("rita.rep@example.com", ContactNormalizer.NormalizeEmail("  Rita.Rep@Example.COM "));

    [Theory]
    [InlineData("  Zoë   Müller ", "ZOE MULLER")]
    [InlineData("Ångström AB", "ANGSTROM AB")]
    [InlineData("", "")]
    public void Search_keys_are_upper_case_without_accents_and_with_single_spaces(string input, string expected) =>
        Assert.Equal(expected, ContactNormalizer.SearchKey(input));

    [Fact]
    public void The_prefix_bound_is_above_every_string_with_the_prefix_and_below_the_next_prefix()
    {
        var bound = ContactNormalizer.PrefixUpperBound("MUL");
        Assert.True(string.CompareOrdinal("MULLER", bound) < 0);
        Assert.True(string.CompareOrdinal("MUM", bound) > 0);
    }
}
