using Crm.Service.Contracts;
using Crm.Service.Features.Sla;

namespace Crm.Service.Tests.Features.Sla;

/// <summary>The policies page warns of an active catch-all policy placed before other active policies (they can never apply).</summary>
public sealed class ShadowedPoliciesTests
{
    private static SlaPolicyDto Policy(string name, int position, bool active = true, CasePriority? priority = null, string? category = null) =>
        new(position, name, position, active, priority, category, 1, "24x7", 60, null, null, 75, true, true, Guid.Empty);

    [Fact]
    public void A_catch_all_before_other_active_policies_is_named()
    {
        var policies = new[] { Policy("Urgent", 1, priority: CasePriority.Urgent), Policy("Everything", 2), Policy("Returns", 3, category: "Returns") };

        Assert.Equal("Everything", SlaPoliciesPage.ShadowingPolicy(policies)?.Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_catch_all_last_or_followed_only_by_inactive_policies_is_fine(bool inactiveAfter)
    {
        var policies = new List<SlaPolicyDto> { Policy("Urgent", 1, priority: CasePriority.Urgent), Policy("Standard", 2) };
        if (inactiveAfter)
        {
            policies.Add(Policy("Old returns", 3, active: false, category: "Returns"));
        }

        Assert.Null(SlaPoliciesPage.ShadowingPolicy(policies));
    }
}
