using Crm.Contacts.Domain;
using Crm.Kernel;

namespace Crm.Contacts.Tests.Domain;

public sealed class ContactVerificationRulesTests
{
    [Fact]
    public void New_codes_use_only_the_unambiguous_alphabet_and_differ()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => ContactVerification.NewCode()).ToList();
        Assert.All(codes, c => Assert.Matches("^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("K7QM-XW3P", "K7QMXW3P")]
    [InlineData(" k7qm xw3p ", "K7QMXW3P")]
    [InlineData("k7qm\u2013xw3p", "K7QMXW3P")]
    [InlineData("K7QM-XW3", null)]
    [InlineData("K7QM-XW3PA", null)]
    [InlineData("K7QM-XW3O", null)]
    [InlineData("<b>K7QM</b>", null)]
    [InlineData("", null)]
    public void What_a_customer_types_is_read_as_the_code_it_stands_for_or_refused(string typed, string? expected) =>
        Assert.Equal(expected, ContactVerification.Normalize(typed));

    [Fact]
    public void An_issued_code_keeps_the_hash_the_first_name_and_a_day_of_validity()
    {
        var now = new DateTime(2026, 12, 7, 21, 0, 0, DateTimeKind.Utc);
        var issued = ContactVerification.Issue("K7QMXW3P", 9, "user-1", "  Sam van Agent ", Channel.Sms, now, TimeSpan.FromHours(24));
        Assert.Equal(ContactVerification.Hash("K7QMXW3P"), issued.CodeHash);
        Assert.DoesNotContain("K7QMXW3P", issued.CodeHash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Sam", issued.AgentFirstName);
        Assert.True(issued.IsValidAt(now.AddHours(23.99)));
        Assert.False(issued.IsValidAt(now.AddHours(24)));
        Assert.Equal("K7QM-XW3P", ContactVerification.Display("K7QMXW3P"));
    }
}
