using System.Net;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Features.Account;

public sealed class LockoutTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task After_five_wrong_passwords_the_account_is_locked_even_for_the_right_password()
    {
        using var client = host.CreateBrowserLikeClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await CrmWebHost.PostSignInAsync(client, "rep@ecrm.local", $"Wrong-Passw0rd{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await CrmWebHost.PostSignInAsync(client, "rep@ecrm.local", CrmWebHost.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("This account is locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var lockoutEnd = await host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }
}
