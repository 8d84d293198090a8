using Bunit;
using Crm.Kernel;
using Crm.Kernel.Modules;
using Crm.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Crm.Web.Tests.Components;

public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // A module's entries join the host's, filtered by the same role rule.
        Services.AddSingleton(new CrmModule("Pipeline", typeof(NavMenuTests).Assembly,
        [
            new NavigationEntry("Pipeline", "/pipeline", "icon", [CrmRoles.SalesRep, CrmRoles.Manager], "Opportunities by stage"),
        ]));
    }

    [Fact]
    public void A_sales_rep_sees_home_their_module_entries_and_change_password_but_no_admin_or_API_pages()
    {
        AddAuthorization().SetAuthorized("rita@example.com").SetRoles(CrmRoles.SalesRep);

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Home", "Pipeline", "Change password"], links);
        Assert.Contains("Signed in as SalesRep", menu.Find("[data-testid=nav-roles]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_sees_the_admin_pages_but_not_module_entries_meant_for_other_roles()
    {
        AddAuthorization().SetAuthorized("ada@example.com").SetRoles(CrmRoles.Admin);

        var links = Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/", "/admin/users", "/admin/api-keys", "/admin/events", "/api-reference/", "/account/change-password"], links);
    }

    [Fact]
    public void Nobody_signed_in_sees_no_navigation()
    {
        AddAuthorization();

        Assert.Empty(Render<NavMenu>().FindAll("a"));
    }
}
