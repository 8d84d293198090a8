using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Api;

/// <summary>The directory's search among one owner's customers (what a SalesRep's "open a case for" picker offers).</summary>
public sealed class OwnedCustomerSearchTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_search_for_an_owner_finds_only_that_owners_customers()
    {
        var name = $"Owned{Guid.NewGuid():N}"[..14];
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var otherRep = await fixture.ClientAsync(SecondRep);
        var mine = await CreateAsync(rep, Person(name));
        var theirs = await CreateAsync(otherRep, Person(name));
        var repId = await fixture.Host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(repId, CrmRoles.SalesRep);
        var directory = scope.ServiceProvider.GetRequiredService<ICustomerDirectory>();

        Assert.Equal([mine.Id], (await directory.SearchAsync($"Test {name}", 10, repId)).Select(c => c.Id));
        Assert.Equal([mine.Id, theirs.Id], (await directory.SearchAsync($"Test {name}", 10)).Select(c => c.Id).Order());
    }
}
