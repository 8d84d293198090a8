using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Customers.Views;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.Views;

public sealed class SavedViewsTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_user_saves_replaces_and_deletes_their_own_views_and_sees_nobody_elses()
    {
        var rita = $"user-rita-{Guid.NewGuid():N}";
        var sam = $"user-sam-{Guid.NewGuid():N}";
        var mine = new CustomerListQuery { Tag = "vip", City = "Boston", Kind = CustomerKind.Company, Sort = CustomerSort.LastContact, Descending = true, Page = 3 };

        await using (var scope = Scope(rita, CrmRoles.SalesRep))
        {
            var views = scope.ServiceProvider.GetRequiredService<SavedViews>();
            Assert.True((await views.SaveAsync("  VIP companies in Boston ", mine)).Succeeded);
            Assert.True((await views.SaveAsync("VIP companies in Boston", mine with { City = "Denver" })).Succeeded);
            Assert.False((await views.SaveAsync("   ", mine)).Succeeded);

            var saved = Assert.Single(await views.MineAsync());
            Assert.Equal("VIP companies in Boston", saved.Name);
            Assert.Equal(mine with { City = "Denver", Page = 0 }, saved.Query);
        }

        long ritasView;
        await using (var scope = Scope(rita, CrmRoles.SalesRep))
        {
            ritasView = (await scope.ServiceProvider.GetRequiredService<SavedViews>().MineAsync()).Single().Id;
        }

        await using (var scope = Scope(sam, CrmRoles.ServiceAgent))
        {
            var views = scope.ServiceProvider.GetRequiredService<SavedViews>();
            Assert.Empty(await views.MineAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => views.DeleteAsync(ritasView));
        }

        await using (var scope = Scope(rita, CrmRoles.SalesRep))
        {
            var views = scope.ServiceProvider.GetRequiredService<SavedViews>();
            await views.DeleteAsync(ritasView);
            Assert.Empty(await views.MineAsync());
        }
    }

    private AsyncServiceScope Scope(string userId, string role)
    {
        fixture.Host.StartServer();
        var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(userId, role);
        return scope;
    }
}
