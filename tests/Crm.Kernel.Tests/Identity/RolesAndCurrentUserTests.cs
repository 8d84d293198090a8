using System.Security.Claims;
using Crm.Kernel.Identity;

namespace Crm.Kernel.Tests.Identity;

public sealed class RolesAndCurrentUserTests
{
    [Theory]
    [InlineData("admin", "Admin")]
    [InlineData(" SALESREP ", "SalesRep")]
    [InlineData("serviceagent", "ServiceAgent")]
    [InlineData("Boss", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Role_names_are_recognised_in_any_case_and_nothing_else_is(string? input, string? expected) =>
        Assert.Equal(expected, CrmRoles.Normalize(input));

    [Fact]
    public void The_current_user_is_identified_by_the_user_id_claim()
    {
        var user = new CurrentUser();
        user.Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "user-42"), new Claim(ClaimTypes.Name, "rita@example.com"), new Claim(ClaimTypes.Role, CrmRoles.SalesRep)],
            "cookie")));

        Assert.Equal("user-42", user.ActorId);
        Assert.True(((ICurrentUser)user).IsInRole(CrmRoles.SalesRep));
        Assert.False(((ICurrentUser)user).IsInRole(CrmRoles.Admin));
    }

    [Fact]
    public void Nobody_signed_in_is_anonymous_with_no_role()
    {
        var user = new CurrentUser();
        Assert.Equal("anonymous", user.ActorId);
        Assert.DoesNotContain(CrmRoles.All, role => user.Principal.IsInRole(role));
    }
}
