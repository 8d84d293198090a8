using System.Net;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Generate;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.Generate;

public sealed class ContactsDataGeneratorTests
{
    private static readonly Dictionary<string, string?> NoDemoCustomers = new() { ["DemoData:Customers"] = "0" };

    [Fact]
    public async Task The_SQLite_bulk_path_stores_exactly_what_EF_stores()
    {
        // Generated times are relative to "now", so both hosts share one fixed clock.
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        await using var viaEf = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoCustomers, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        await using var viaBulk = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoCustomers, configureServices: s => s.AddSingleton<TimeProvider>(clock));

        var efResult = await GenerateAsync(viaEf, allowBulk: false);
        var bulkResult = await GenerateAsync(viaBulk, allowBulk: true);

        Assert.Equal(efResult.Customers, bulkResult.Customers);
        Assert.Equal(efResult.Interactions, bulkResult.Interactions);
        Assert.True(efResult.Interactions > 1000);
        var efRows = await SnapshotAsync(viaEf);
        var bulkRows = await SnapshotAsync(viaBulk);
        Assert.Equal(600, efRows.Count);
        var firstDifference = efRows.Zip(bulkRows).FirstOrDefault(p => p.First != p.Second);
        Assert.True(firstDifference == default, $"EF:   {firstDifference.First}\nbulk: {firstDifference.Second}");
    }

    [Fact]
    public async Task Generated_customers_can_be_edited_through_the_api_with_their_version()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), NoDemoCustomers);
        await GenerateAsync(host, allowBulk: true);
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        var id = await host.QueryAsync(db => db.Set<Customer>().Where(c => c.Kind == CustomerKind.Person).Select(c => c.Id).FirstAsync());
        var customer = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<CustomerDetails>(
            manager, new Uri($"/api/v1/customers/{id}", UriKind.Relative), ContactsApiFixture.Json);

        using var response = await Api.CustomersApiTests.PutAsync(manager, id, new CustomerInput
        {
            FirstName = customer!.FirstName,
            LastName = customer.LastName + " Edited",
            Emails = customer.Emails,
            Phones = customer.Phones,
        }, customer.Version);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<GeneratedContacts> GenerateAsync(CrmWebHost host, bool allowBulk)
    {
        host.StartServer();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:generator", CrmRoles.Admin);
        var generator = (ContactsDataGenerator)scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>();
        return await generator.GenerateAsync(600, 5, seed: 11, progress: null, allowBulk, CancellationToken.None);
    }

    /// <summary>Every customer with all its rows, keyed by email, with user ids replaced by the users' emails.</summary>
    private static Task<List<string>> SnapshotAsync(CrmWebHost host) => host.QueryAsync(async db =>
    {
        var users = await db.Users.ToDictionaryAsync(u => u.Id, u => u.Email);
        var customers = await db.Set<Customer>().AsNoTracking()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags).Include(c => c.Consents)
            .AsSplitQuery().ToListAsync();
        var emailOf = customers.ToDictionary(c => c.Id, c => c.PrimaryEmail);
        var interactions = (await db.Set<Interaction>().AsNoTracking().ToListAsync()).ToLookup(i => i.CustomerId);
        string? U(string? id) => id is null ? null : users.GetValueOrDefault(id, id);
        return customers.Select(c => string.Join("|",
                c.PrimaryEmail, c.Kind, c.DisplayName, c.SearchName, c.FirstName, c.LastName, c.CompanyName, c.JobTitle,
                c.CompanyId is { } companyId ? emailOf[companyId] : null, c.Website, c.Industry, c.Source, U(c.OwnerId), c.IsActive,
                c.DoNotContact, c.PrimaryPhone, c.City, c.Country, c.LastContactAtUtc?.ToString("O"),
                string.Join(",", c.Emails.Select(e => $"{e.Address}/{e.Label}")),
                string.Join(",", c.Phones.Select(p => $"{p.Number}/{p.Label}")),
                string.Join(",", c.Addresses.Select(a => $"{a.Label}/{a.Street}/{a.PostalCode}/{a.City}/{a.Region}/{a.Country}")),
                string.Join(",", c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)),
                string.Join(",", c.Consents.Select(x => $"{x.Channel}/{x.Granted}/{x.RecordedAtUtc:O}/{x.Source}")),
                string.Join(",", interactions[c.Id].OrderBy(i => i.OccurredAtUtc).ThenBy(i => i.Subject)
                    .Select(i => $"{i.Type}/{i.Channel}/{i.Direction}/{i.OccurredAtUtc:O}/{i.DurationSeconds}/{i.Subject}/{U(i.HandledBy)}/{i.CreatedBy}/{i.Version != Guid.Empty}"))))
            .Order(StringComparer.Ordinal).ToList();
    });
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
