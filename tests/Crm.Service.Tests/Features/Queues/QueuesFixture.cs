using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>The cases host with two more ServiceAgents, so routing has someone to choose among.</summary>
public sealed class QueuesFixture : IAsyncLifetime
{
    public const string SecondAgent = "agent2@ecrm.local";
    public const string ThirdAgent = "agent3@ecrm.local";
    private const string Password = "Agent-Passw0rd-2";

    public CasesFixture Cases { get; } = new();

    public async Task InitializeAsync()
    {
        await Cases.InitializeAsync();
        await using var scope = Cases.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        foreach (var (email, name) in new[] { (SecondAgent, "Bea Second"), (ThirdAgent, "Cy Third") })
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync(new NewUser(email, name, CrmRoles.ServiceAgent, Password));
            Assert.True(created.Succeeded, created.ToString());
        }
    }

    public Task DisposeAsync() => Cases.DisposeAsync();

    public Task<HttpClient> ClientAsync(string email) =>
        email is SecondAgent or ThirdAgent ? Cases.Host.SignedInClientAsync(email, Password) : Cases.ClientAsync(email);

    public async Task SetPresenceAsync(string email, AgentPresence presence)
    {
        using var client = await ClientAsync(email);
        using var response = await client.PutAsJsonAsync(new Uri("/api/v1/agents/me/presence", UriKind.Relative),
            new PresenceInput { Presence = presence }, CasesFixture.Json);
        var view = await CasesFixture.ReadAsync<AgentAvailabilityView>(response);
        Assert.Equal(presence, view.Presence);
    }

    /// <summary>A queue created by a Manager with <paramref name="members"/> (emails).</summary>
    public async Task<QueueDetails> QueueAsync(string name, RoutingStrategy strategy, bool isDefault, params string[] members)
    {
        using var manager = await ClientAsync(CasesFixture.Manager);
        var ids = new List<string>();
        foreach (var member in members)
        {
            ids.Add(await Cases.UserIdAsync(member));
        }

        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = name, Strategy = strategy, IsDefault = isDefault, MemberIds = ids }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await CasesFixture.ReadAsync<QueueDetails>(response);
    }

    /// <summary>A case a Manager opens for a new customer (no one served them yet) in <paramref name="queueId"/>, unassigned.</summary>
    public async Task<CaseDetails> NewCustomerCaseAsync(long queueId, string subject)
    {
        var customer = await Cases.CustomerOfAsync(CasesFixture.Rep, "Routed" + Guid.NewGuid().ToString("N")[..6]);
        return await CaseForAsync(customer.Id, queueId, subject);
    }

    public async Task<CaseDetails> CaseForAsync(long customerId, long? queueId, string subject)
    {
        using var manager = await ClientAsync(CasesFixture.Manager);
        return await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.OpenAsync(manager,
            new CaseInput { CustomerId = customerId, Subject = subject, Description = "Please help.", QueueId = queueId }));
    }
}
