using Crm.Kernel;
using Crm.Service.Domain.Routing;

namespace Crm.Service.Tests.Domain.Routing;

public sealed class AssignmentRuleTests
{
    private static readonly AssignmentRule[] Rules =
    [
        new(QueueId: 4, Category: null, SubjectKeywords: [], CustomerTier: "Gold", Channel: null),
        new(QueueId: 2, Category: "Returns", SubjectKeywords: [], CustomerTier: null, Channel: null),
        new(QueueId: 2, Category: null, SubjectKeywords: ["refund", "send back"], CustomerTier: null, Channel: null),
        new(QueueId: 3, Category: "Technical", SubjectKeywords: [], CustomerTier: null, Channel: Channel.Email),
    ];

    [Theory]
    [InlineData("Where is my parcel?", null, Channel.Phone, "Gold", 4L)]
    [InlineData("Where is my parcel?", "returns", Channel.Phone, "Silver", 2L)]
    [InlineData("I want a REFUND", null, Channel.Web, null, 2L)]
    [InlineData("Can I send back the chair", "Delivery", Channel.Web, null, 2L)]
    [InlineData("App crashes", "Technical", Channel.Email, null, 3L)]
    [InlineData("App crashes", "Technical", Channel.Phone, null, null)]
    [InlineData("Hello", null, Channel.Phone, null, null)]
    public void The_first_matching_rule_in_order_names_the_queue(string subject, string? category, Channel channel, string? tier, long? queue) =>
        Assert.Equal(queue, AssignmentRule.QueueFor(Rules, new CaseFacts(subject, category, channel, tier)));

    [Fact]
    public void A_rule_with_several_conditions_needs_all_of_them()
    {
        var rule = new AssignmentRule(1, "Billing", ["invoice"], "Gold", Channel.Email);
        Assert.True(rule.Matches(new CaseFacts("Invoice 12 is wrong", " billing ", Channel.Email, "gold")));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", "Billing", Channel.Email, "Silver")));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", "Billing", Channel.Phone, "Gold")));
        Assert.False(rule.Matches(new CaseFacts("Payment failed", "Billing", Channel.Email, "Gold")));
        Assert.False(rule.Matches(new CaseFacts("Invoice 12 is wrong", null, Channel.Email, "Gold")));
    }
}
