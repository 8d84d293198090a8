using System.Net;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Testing;
using Crm.Testing.Databases;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Features.Providers;

/// <summary>
/// Contacts' writes past EF's usual path, on each provider: timeline entries in bulk (the bulk writer, the last-contact
/// update from a JSON id list), entries reported by another module through the outbox, and the privacy erase.
/// </summary>
public sealed class ContactsDataAccessTests
{
    [SkippableTheory]
    [DatabaseData]
    public async Task Timeline_entries_in_bulk_and_through_the_outbox_and_an_erase_work_alike(DatabaseProvider provider)
    {
        var (settings, skipReason) = await TestDatabases.HostSettingsAsync(provider);
        Skip.If(skipReason is not null, skipReason);
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings);
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        var customer = await CreateAsync(manager, Person("Providers", "providers@example.com"));
        var at = new DateTime(2026, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        InteractionEntry Entry(string subject, DateTime when) =>
            new(customer.Id, Channel.Email, InteractionDirection.Inbound, InteractionType.Email, when, subject);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:import", CrmRoles.Admin);
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IInteractionLog>().RecordManyAsync([Entry("Bulk 1", at), Entry("Bulk 2", at.AddDays(1))]));
            await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.RaiseAfterCommit(new InteractionReported(Entry("Reported", at.AddDays(2))));
            await transaction.CommitAsync();
        }

        await host.OutboxSettledAsync();
        var details = await GetAsync(manager, customer.Id);
        Assert.Equal(at.AddDays(2), details.LastContactAtUtc);
        var timeline = await TimelineAsync(manager, customer.Id);
        Assert.Equal(["Reported", "Bulk 2", "Bulk 1"], timeline.Items.Select(i => i.Subject));

        using var erase = await EraseAsync(manager, customer.Id, details.Version);
        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        Assert.Equal($"Erased customer {customer.Id}", (await GetAsync(manager, customer.Id)).DisplayName);
        Assert.All((await TimelineAsync(manager, customer.Id)).Items, i => Assert.DoesNotContain("Bulk", i.Subject, StringComparison.Ordinal));
    }
}
