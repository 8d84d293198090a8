using System.Net;
using Crm.Kernel.Events.Outbox;
using Crm.Testing;

namespace Crm.Web.Tests.Features.Administration;

/// <summary>Administration > Event delivery shows Admins the messages that could not be delivered; nobody else sees it.</summary>
public sealed class EventDeliveryPageTests : IAsyncLifetime
{
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public async Task InitializeAsync()
    {
        host.StartServer();
        // A message for a receiver this version no longer has: the dispatcher gives up on it at once.
        await host.QueryAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(),
                EventId = Guid.CreateVersion7(),
                EventType = "Crm.Sales.Contracts.OrderChanged",
                Handler = "Crm.Retired.Features.OldHandler",
                Payload = "{\"orderId\":1}",
                RaisedBy = "test",
                OccurredAtUtc = DateTime.UtcNow,
                AvailableAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await host.OutboxSettledAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task An_admin_sees_a_message_that_could_not_be_delivered_with_its_reason()
    {
        using var admin = await host.SignedInClientAsync("admin@ecrm.local");
        using var response = await admin.GetAsync(new Uri("/admin/events", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Event delivery", page, StringComparison.Ordinal);
        Assert.Contains("OrderChanged", page, StringComparison.Ordinal);
        Assert.Contains("OldHandler", page, StringComparison.Ordinal);
        Assert.Contains("Gave up", page, StringComparison.Ordinal);
        Assert.Contains("No handler &#x27;Crm.Retired.Features.OldHandler&#x27; is registered", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manager@ecrm.local")]
    [InlineData("rep@ecrm.local")]
    [InlineData("agent@ecrm.local")]
    public async Task Other_roles_get_no_access(string email)
    {
        using var client = await host.SignedInClientAsync(email);
        using var response = await client.GetAsync(new Uri("/admin/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("No access", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
