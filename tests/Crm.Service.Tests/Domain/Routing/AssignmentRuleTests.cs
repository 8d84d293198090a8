using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Service.Domain.Routing;

namespace Crm.Service.Tests.Domain.Routing;

public sealed class AssignmentRuleTests
{
    private static readonly AssignmentRule[] Rules =
    [
        new(QueueId: 4, Category: null, SubjectKeywords: [], MinimumTier: CustomerTier.Gold, Channel: null),
        new(QueueId: 2, Category: "Returns", SubjectKeywords: [], MinimumTier: null, Channel: null),
        new(QueueId: 2, Category: null, SubjectKeywords: ["refund", "send back"], MinimumTier: null, Channel: null),
        new(QueueId: 3, Category: "Technical", SubjectKeywords: [], MinimumTier: null, Channel: Channel.Email),
    ];

    [Theory]
    [InlineData("Where is my parcel?", null, Channel.Phone, CustomerTier.Gold, 4L)]
    [InlineData("Where is my parcel?", null, Channel.Phone, CustomerTier.Platinum, 4L)]
    [InlineData("Where is my parcel?", "returns", Channel.Phone, CustomerTier.Silver, 2L)]
    [InlineData("I want a REFUND", null, Channel.Web, CustomerTier.None, 2L)]
    [InlineData("Can I send back the chair", "Delivery", Channel.Web, CustomerTier.Bronze, 2L)]
    [InlineData("App crashes", "Technical", Channel.Email, CustomerTier.None, 3L)]
    [InlineData("App crashes", "Technical", Channel.Phone, CustomerTier.Silver, null)]
    [InlineData("Hello", null, Channel.Phone, CustomerTier.None, null)]
    public void The_first_matching_rule_in_order_names_the_queue(string subject, string? category, Channel channel, CustomerTier tier, long? queue) =>
        Assert.Equal(queue, AssignmentRule.QueueFor(Rules, new CaseFacts(subject, category, channel, tier)));

    [Fact]
    public void A_rule_with_several_conditions_needs_all_of_them()
    {
        var rule = new AssignmentRule(1, "Billing", ["invoice"], CustomerTier.Gold, Channel.Email);
        Assert.True(rule.Matches(new CaseFacts("Invoice 12 is wrong", " billing ", Channel.Email, CustomerTier.Gold)));
        Assert.True(rule.Matches(new CaseFacts("Invoice 12 is wrong", " billing ", Channel.Email, CustomerTier.Platinum)));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", "Billing", Channel.Email, CustomerTier.Silver)));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", "Billing", Channel.Email, CustomerTier.None)));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", "Billing", Channel.Phone, CustomerTier.Gold)));
        Assert.False(rule.Matches(new CaseFacts("Payment failed", "Billing", Channel.Email, CustomerTier.Gold)));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", null, Channel.Email, CustomerTier.Gold)));
    }
}
