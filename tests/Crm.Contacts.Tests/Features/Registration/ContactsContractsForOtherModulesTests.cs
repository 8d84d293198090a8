using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.Registration;

/// <summary>The contracts other modules use to create customers in bulk and to put many contacts on the timeline at once.</summary>
public sealed class ContactsContractsForOtherModulesTests : IAsyncLifetime
{
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
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
    public async Task A_service_agent_registers_a_caller_without_owning_them_and_the_phone_directory_finds_them_by_any_spelling()
    {
        var registered = await AsAsync(CrmRoles.ServiceAgent, s => s.GetRequiredService<ICustomerRegistration>().RegisterCallerAsync(
            new CustomerInput { FirstName = "Cal", LastName = "Ler", Phones = ["(415) 555-0177"] }, allowDuplicates: false));
        Assert.True(registered.Created, string.Join("; ", registered.Errors.Select(e => e.Message)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync(CrmRoles.ServiceAgent, s => s.GetRequiredService<ICustomerRegistration>()
            .RegisterAsync(new CustomerInput { FirstName = "Not", LastName = "Allowed" }, allowDuplicates: false)));

        var phones = await AsAsync(CrmRoles.ServiceAgent, s => Task.FromResult(s.GetRequiredService<IPhoneDirectory>()));
        Assert.Equal("+14155550177", phones.Normalize("14155550177"));
        Assert.Equal("+442079460321", phones.Normalize("442079460321"));
        Assert.Equal("+14155550177", phones.Normalize("+1 415 555 0177"));
        Assert.Null(phones.Normalize("anonymous"));
        Assert.Null(phones.Normalize("21"));
        var found = await AsAsync(CrmRoles.ServiceAgent, s => s.GetRequiredService<IPhoneDirectory>().FindByPhoneAsync("+14155550177"));
        Assert.Equal((registered.CustomerId!.Value, "Cal Ler", (string?)null), (found!.Id, found.DisplayName, found.OwnerId));
        Assert.Null(await AsAsync(CrmRoles.ServiceAgent, s => s.GetRequiredService<IPhoneDirectory>().FindByPhoneAsync("+14155550178")));
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

    [Fact]
    public async Task Interactions_reported_with_the_callers_change_reach_the_timeline_after_it_commits_and_never_when_it_rolls_back()
    {
        var ids = (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("tx-1")]))).IdsByExternalId;
        var at = new DateTime(2012, 4, 2, 9, 15, 0, DateTimeKind.Utc);
        InteractionEntry Entry(string subject, DateTime when) =>
            new(ids["tx-1"], Channel.Web, InteractionDirection.Inbound, InteractionType.Order, when, subject);

        // Rolled back: neither the entry nor the last-contact time ever arrives.
        await ReportAsync(commit: false, Entry("Order RB-1", at));
        await host.OutboxSettledAsync();
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject = 'Order RB-1'"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Kernel_OutboxMessages"));
        Assert.Null((await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindAsync(ids["tx-1"])))!.LastContactAtUtc);

        // Committed: both entries, the latest time as last contact, the audit columns naming whoever made the change.
        await ReportAsync(commit: true, Entry("Order C-2", at.AddDays(3)), Entry("Order C-1", at));
        await host.OutboxSettledAsync();
        Assert.Equal(2L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject IN ('Order C-1', 'Order C-2') AND CreatedBy = 'test:Admin'"));
        Assert.Equal(at.AddDays(3), (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindAsync(ids["tx-1"])))!.LastContactAtUtc);

        // An earlier contact reported later does not move the last-contact time back.
        await ReportAsync(commit: true, Entry("Order C-0", at.AddDays(-10)));
        await host.OutboxSettledAsync();
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject = 'Order C-0'"));
        Assert.Equal(at.AddDays(3), (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerDirectory>().FindAsync(ids["tx-1"])))!.LastContactAtUtc);
    }

    [Fact]
    public async Task A_reported_interaction_reaches_the_timeline_once_however_often_it_is_delivered_and_one_of_an_unknown_customer_is_dropped()
    {
        var ids = (await AsAsync(CrmRoles.Admin, s => s.GetRequiredService<ICustomerRegistration>().EnsureExternalCustomersAsync(
            [new ExternalCustomer("twice-1")]))).IdsByExternalId;
        var at = new DateTime(2012, 5, 2, 9, 15, 0, DateTimeKind.Utc);
        var known = new InteractionReported(new InteractionEntry(ids["twice-1"], Channel.Web, InteractionDirection.Inbound, InteractionType.Order, at, "Order TW-1"));
        var unknown = new InteractionReported(new InteractionEntry(987_655, Channel.Web, InteractionDirection.Inbound, InteractionType.Order, at, "Order U-1"));

        // The same event in the outbox twice, as after a crash between the handler's commit and the message's removal,
        // written as the command line writes (no lease): the host's sweep takes them.
        var eventId = Guid.CreateVersion7();
        await AsAsync(CrmRoles.Admin, async s =>
        {
            await using var db = await s.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            db.OutboxMessages.AddRange(Message(eventId, known), Message(eventId, known), Message(Guid.CreateVersion7(), unknown));
            await db.SaveChangesAsync();
            return 0;
        });
        await host.OutboxSettledAsync();

        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject = 'Order TW-1'"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Contacts_Interactions WHERE Subject = 'Order U-1'"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM Kernel_OutboxMessages"));
    }

    private static OutboxMessage Message(Guid eventId, InteractionReported reported) => new()
    {
        Id = Guid.CreateVersion7(),
        EventId = eventId,
        EventType = typeof(InteractionReported).FullName!,
        Handler = "Crm.Contacts.Features.Interactions.ReportedInteractionsHandler",
        Payload = System.Text.Json.JsonSerializer.Serialize(reported, EventSubscriptions.Json),
        RaisedBy = "test:Admin",
        OccurredAtUtc = DateTime.UtcNow,
        AvailableAtUtc = DateTime.UtcNow,
    };

    private Task ReportAsync(bool commit, params InteractionEntry[] entries) => AsAsync(CrmRoles.Admin, async s =>
    {
        await using var db = await s.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var entry in entries)
        {
            db.RaiseAfterCommit(new InteractionReported(entry));
        }

        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return 0;
    });

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
