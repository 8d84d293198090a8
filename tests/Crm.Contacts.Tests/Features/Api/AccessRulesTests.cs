using System.Net;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Api;

/// <summary>Each role, owner and non-owner; after every refused call the database is unchanged.</summary>
public sealed class AccessRulesTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_rep_cannot_change_a_customer_owned_by_another_rep()
    {
        using var owner = await fixture.ClientAsync("rep@ecrm.local");
        using var other = await fixture.ClientAsync(SecondRep);
        var customer = await CreateAsync(owner, Person("Owned"));
        var before = await StateAsync();

        using var refused = await CustomersApiTests.PutAsync(other, customer.Id, Person("Hijacked"), customer.Version);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await StateAsync());
        using var allowed = await CustomersApiTests.PutAsync(owner, customer.Id, Person("Owned Renamed"), customer.Version);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_rep_may_read_every_customer()
    {
        using var owner = await fixture.ClientAsync("rep@ecrm.local");
        using var other = await fixture.ClientAsync(SecondRep);
        var customer = await CreateAsync(owner, Person("Visible"));
        using var read = await other.GetAsync(new Uri($"/api/v1/customers/{customer.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_rep_cannot_make_someone_else_the_owner()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var before = await StateAsync();
        using var response = await rep.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative),
            Person("Gifted") with { OwnerId = "someone-else" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"ownerId\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_service_agent_reads_and_logs_interactions_but_cannot_create_or_change_customers()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        var customer = await CreateAsync(manager, Person("Served"));
        var before = await StateAsync();

        using var create = await agent.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative), Person("Not Allowed"), Json);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        using var update = await CustomersApiTests.PutAsync(agent, customer.Id, Person("Not Allowed"), customer.Version);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal(before, await StateAsync());

        using var logged = await agent.PostAsJsonAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative),
            new InteractionInput { Subject = "Answered a question", Channel = Channel.Phone, Direction = InteractionDirection.Inbound }, Json);
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
    }

    [Theory]
    [InlineData("manager@ecrm.local")]
    [InlineData("admin@ecrm.local")]
    public async Task Managers_and_admins_change_any_customer_and_assign_owners(string email)
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var boss = await fixture.ClientAsync(email);
        var customer = await CreateAsync(rep, Person("Reassigned"));
        var rep2Id = await fixture.Host.QueryAsync(db => db.Users.Where(u => u.Email == SecondRep).Select(u => u.Id).SingleAsync());

        using var response = await CustomersApiTests.PutAsync(boss, customer.Id, Person("Reassigned") with { OwnerId = rep2Id }, customer.Version);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(rep2Id, (await ReadAsync<CustomerDetails>(response)).OwnerId);
    }

    [Fact]
    public async Task Nobody_signed_in_gets_401_and_nothing_changes()
    {
        var before = await StateAsync();
        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        using var list = await anonymous.GetAsync(new Uri("/api/v1/customers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        using var create = await anonymous.PostAsJsonAsync(new Uri("/api/v1/customers", UriKind.Relative), Person("Ghost"), Json);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Only_the_author_or_a_manager_may_correct_an_interaction()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var customer = await CreateAsync(manager, Person("Timeline Owner"));
        using var logged = await agent.PostAsJsonAsync(new Uri($"/api/v1/customers/{customer.Id}/interactions", UriKind.Relative),
            new InteractionInput { Subject = "Original" }, Json);
        var interaction = await ReadAsync<InteractionDto>(logged);
        var before = await StateAsync();

        using var refused = await InteractionsApiTests.PutAsync(rep, customer.Id, interaction.Id, new InteractionInput { Subject = "Rewritten" }, interaction.Version);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await StateAsync());

        using var byManager = await InteractionsApiTests.PutAsync(manager, customer.Id, interaction.Id, new InteractionInput { Subject = "Corrected" }, interaction.Version);
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
    }

    /// <summary>Every customer and interaction with its version: equal states mean nothing changed.</summary>
    private Task<string> StateAsync() => fixture.Host.QueryAsync(async db =>
    {
        var customers = await db.Set<Customer>().OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.Version}:{c.OwnerId}").ToListAsync();
        var interactions = await db.Set<Interaction>().OrderBy(i => i.Id).Select(i => $"{i.Id}:{i.Version}").ToListAsync();
        var audit = await db.Set<ContactsAuditEntry>().CountAsync();
        return string.Join(",", customers) + "|" + string.Join(",", interactions) + "|" + audit;
    });
}
