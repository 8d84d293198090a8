using System.Net;
using System.Net.Http.Json;
using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Tests.Features.Queues;

/// <summary>A host with the Development demo data, whose start-up recompute gives customers their tiers by spend.</summary>
public sealed class DemoValuesHost : IAsyncLifetime
{
    public CrmWebHost Host { get; } = CrmWebHost.WithDemoData();

    public Task InitializeAsync()
    {
        Host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}

/// <summary>An assignment rule by customer tier sends the cases of customers of that tier or better to its queue (Analytics' stored tiers).</summary>
public sealed class TierRulesTests(DemoValuesHost fixture) : IClassFixture<DemoValuesHost>
{
    private Task<long> CustomerOfTierAsync(CustomerTier tier) =>
        fixture.Host.QueryAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT MIN(\"CustomerId\") AS \"Value\" FROM \"Analytics_CustomerValues\" WHERE \"SpendTier\" = {0}", (byte)tier).SingleAsync());

    [Fact]
    public async Task Cases_of_Gold_and_Platinum_customers_go_to_the_rules_queue_and_the_others_follow_the_next_rules()
    {
        using var manager = await fixture.Host.SignedInClientAsync(CasesFixture.Manager);
        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/queues", UriKind.Relative),
            new QueueInput { Name = "Key accounts " + Guid.NewGuid().ToString("N")[..4], Strategy = RoutingStrategy.Manual }, CasesFixture.Json);
        var keyAccounts = await CasesFixture.ReadAsync<QueueDetails>(created);
        using var saved = await manager.PutAsJsonAsync(new Uri("/api/v1/queues/rules", UriKind.Relative), new[]
        {
            new AssignmentRuleInput { QueueId = keyAccounts.Id, MinimumTier = CustomerTier.Gold },
        }, CasesFixture.Json);
        var rules = await CasesFixture.ReadAsync<List<AssignmentRuleView>>(saved);
        Assert.Equal(CustomerTier.Gold, Assert.Single(rules).MinimumTier);

        async Task<long?> QueueOfAsync(CustomerTier tier)
        {
            var customerId = await CustomerOfTierAsync(tier);
            var opened = await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.OpenAsync(manager,
                new CaseInput { CustomerId = customerId, Subject = $"A {tier} customer asks", Channel = Channel.Phone }));
            return opened.QueueId;
        }

        Assert.Equal(keyAccounts.Id, await QueueOfAsync(CustomerTier.Platinum));
        Assert.Equal(keyAccounts.Id, await QueueOfAsync(CustomerTier.Gold));
        Assert.NotEqual(keyAccounts.Id, await QueueOfAsync(CustomerTier.Silver));
        Assert.NotEqual(keyAccounts.Id, await QueueOfAsync(CustomerTier.Bronze));

        using var none = await manager.PutAsJsonAsync(new Uri("/api/v1/queues/rules", UriKind.Relative), new[]
        {
            new AssignmentRuleInput { QueueId = keyAccounts.Id, MinimumTier = CustomerTier.None },
        }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Rule 1: the tier is Bronze, Silver, Gold or Platinum.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
