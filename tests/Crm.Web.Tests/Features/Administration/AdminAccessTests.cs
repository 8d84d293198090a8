using System.Net;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Features.Administration;

public sealed class AdminAccessTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task An_admin_opens_the_users_page()
    {
        using var client = await host.SignedInClientAsync("admin@ecrm.local");
        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Users &amp; roles", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rep@ecrm.local")]
    [InlineData("agent@ecrm.local")]
    [InlineData("manager@ecrm.local")]
    public async Task Other_roles_are_refused_the_users_page_with_403_and_nothing_changes(string email)
    {
        var before = await UsersAndRolesAsync();
        using var client = await host.SignedInClientAsync(email);

        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("No access", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await UsersAndRolesAsync());
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_instead_of_the_users_page()
    {
        using var client = host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("returnUrl=%2Fadmin%2Fusers", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(CrmRoles.SalesRep)]
    [InlineData(CrmRoles.Manager)]
    [InlineData(CrmRoles.ServiceAgent)]
    public async Task The_user_administration_refuses_non_admins_in_the_handler_and_changes_nothing(string role)
    {
        var before = await UsersAndRolesAsync();
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:intruder", role);
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            administration.CreateAsync(new NewUser("new.admin@example.com", "New Admin", CrmRoles.Admin, "Str0ng-Password")));
        var someone = await host.QueryAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => administration.SetRolesAsync(someone, [CrmRoles.Admin]));
        await Assert.ThrowsAsync<ForbiddenException>(() => administration.SetSignInBlockedAsync(someone, true));

        Assert.Equal(before, await UsersAndRolesAsync());
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_and_bad_input_creates_nothing()
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var weak = await administration.CreateAsync(new NewUser("weak@example.com", "Weak", CrmRoles.SalesRep, "short"));
        Assert.False(weak.Succeeded);
        Assert.Contains(weak.Errors, e => e.Field == nameof(NewUser.Password));
        var badRole = await administration.CreateAsync(new NewUser("role@example.com", "Role", "Boss", "Str0ng-Password"));
        Assert.Contains(badRole.Errors, e => e.Field == nameof(NewUser.Role));
        Assert.Equal(0, await host.QueryAsync(db => db.Users.CountAsync(u => u.Email == "weak@example.com" || u.Email == "role@example.com")));

        var created = await administration.CreateAsync(new NewUser("new.rep@example.com", "New Rep", "salesrep", "Str0ng-Password"));
        Assert.True(created.Succeeded, created.ToString());
        using var client = await host.SignedInClientAsync("new.rep@example.com", "Str0ng-Password");
        Assert.Contains("<b>SalesRep</b>", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    private Task<string> UsersAndRolesAsync() => host.QueryAsync(async db =>
    {
        var rows = await db.UserRoles.Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => new { u.Email, ur.RoleId, u.LockoutEnd, u.SecurityStamp })
            .OrderBy(r => r.Email).ThenBy(r => r.RoleId).ToListAsync();
        var users = await db.Users.CountAsync();
        return $"{users}:" + string.Join(";", rows.Select(r => $"{r.Email}/{r.RoleId}/{r.LockoutEnd}/{r.SecurityStamp}"));
    });
}
