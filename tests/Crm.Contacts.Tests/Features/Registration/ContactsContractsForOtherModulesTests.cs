using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.Registration;

/// <summary>The contracts other modules use to create customers in bulk and to put many contacts on the timeline at once.</summary>
public sealed class ContactsContractsForOtherModulesTests : IAsyncLifetime
{
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(),
        new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public Task InitializeAsync()
    {
        host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Ensuring_external_customers_creates_the_missing_ones_once_and_finds_them_afterwards()
    {
        var first = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
        [
            new ExternalCustomer("ext-1", Country: "United Kingdom"),
            new ExternalCustomer(" ext-2 ", "Ada", "Lovelace", Email: "ADA@Example.com"),
            new ExternalCustomer("ext-1"),
            new ExternalCustomer("ext-3", Email: "not an email"),
            new ExternalCustomer("  "),
        ]));
        var second = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("ext-2"), new ExternalCustomer("ext-4")]));

        Assert.Equal(3, first.Created);
        Assert.Equal(["ext-1", "ext-2", "ext-3"], first.IdsByExternalId.Keys.Order());
        Assert.Equal(1, second.Created);
        Assert.Equal(first.IdsByExternalId["ext-2"], second.IdsByExternalId["ext-2"]);
        var ada = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindByEmailAsync("ada@example.com"));
        Assert.Equal(("Ada Lovelace", "ext-2"), (ada!.DisplayName, ada.ExternalId));
        var unnamed = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindByExternalIdAsync("ext-3"));
        Assert.Equal("Customer ext-3", unnamed!.DisplayName);
        Assert.Null(unnamed.PrimaryEmail);
        Assert.Equal(4L, await CountAsync("SELECT COUNT(*) FROM Contacts_Customers"));
    }

    [Fact]
    public async Task A_service_agent_cannot_create_customers_in_bulk()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(CrmRoles.ServiceAgent,
            s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync([new ExternalCustomer("agent-1")])));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Contacts_Customers WHERE ExternalId = 'agent-1'"));
    }

    [Fact]
    public async Task Recording_many_interactions_writes_them_all_and_moves_each_customers_last_contact_to_its_latest()
    {
        var ids = (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("tl-1"), new ExternalCustomer("tl-2")]))).IdsByExternalId;
        var early = new DateTime(2011, 1, 5, 10, 0, 0, DateTimeKind.Utc);
        var late = new DateTime(2011, 3, 7, 16, 30, 0, DateTimeKind.Utc);
        InteractionEntry Order(long customer, DateTime at, string number) =>
            new(customer, Channel.Web, InteractionDirection.Inbound, InteractionType.Order, at, $"Order {number}", OrderId: number);

        var written = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<IInteractionLog>().RecordManyAsync(
            [Order(ids["tl-1"], late, "A-2"), Order(ids["tl-1"], early, "A-1"), Order(ids["tl-2"], early, "B-1")]));

        Assert.Equal(3, written);
        Assert.Equal(3L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Type = 'Order'"));
        var first = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindAsync(ids["tl-1"]));
        var second = await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindAsync(ids["tl-2"]));
        Assert.Equal(late, first!.LastContactAtUtc);
        Assert.Equal(early, second!.LastContactAtUtc);
    }

    [Fact]
    public async Task Recording_many_interactions_for_an_unknown_customer_writes_none_of_them()
    {
        var ids = (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("known-1")]))).IdsByExternalId;
        var at = new DateTime(2011, 1, 5, 10, 0, 0, DateTimeKind.Utc);

        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(CrmRoles.Admin, s => s.GetRequiredService<IInteractionLog>().RecordManyAsync(
        [
            new InteractionEntry(ids["known-1"], Channel.Web, InteractionDirection.Inbound, InteractionType.Order, at, "Order K-1"),
            new InteractionEntry(987_654, Channel.Web, InteractionDirection.Inbound, InteractionType.Order, at, "Order X-1"),
        ])));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject IN ('Order K-1', 'Order X-1')"));
    }

    private async Task<T> AsAsync<T>(string role, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor($"test:{role}", role);
        return await action(scope.ServiceProvider);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
