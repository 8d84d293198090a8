using System.Net;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Microsoft.EntityFrameworkCore;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Merge.MergeApi;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Features.Merge;

public sealed class CustomerMergeTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task Merging_two_people_keeps_the_chosen_fields_unions_channels_and_tags_and_moves_every_interaction()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, new CustomerInput
        {
            FirstName = "Test",
            LastName = $"Survivor{m}",
            JobTitle = "Engineer",
            Emails = [$"s.{m}@example.com", $"shared.{m}@example.com"],
            Phones = ["+1 415 555 0101"],
            Address = new AddressDto("1 Main St", "02110", "Boston", "MA", "USA"),
            Industry = "Retail",
            Notes = "Survivor notes",
            Tags = ["vip", "east"],
        });
        var merged = await CreateAsync(manager, new CustomerInput
        {
            FirstName = "Test",
            LastName = $"Merged{m}",
            JobTitle = "CTO",
            Emails = [$"shared.{m}@example.com", $"m.{m}@example.com"],
            Phones = ["+1 415 555 0102"],
            Address = new AddressDto("9 Side St", "02139", "Cambridge", "MA", "USA"),
            Website = "merged.example.com",
            Industry = "Tech",
            Notes = "Merged notes",
            ExternalId = $"ext-{m}",
            Tags = ["VIP", "north"],
        });
        await LogAsync(manager, survivor.Id, new InteractionInput { Subject = $"Survivor call {m}", OccurredAtUtc = DateTime.UtcNow.AddDays(-3) });
        await LogAsync(manager, merged.Id, new InteractionInput { Subject = $"Merged call {m}", OccurredAtUtc = DateTime.UtcNow.AddDays(-2) });
        var latest = await LogAsync(manager, merged.Id, new InteractionInput
        {
            Subject = $"Merged email {m}", Channel = Channel.Email, Type = InteractionType.Email, OccurredAtUtc = DateTime.UtcNow.AddHours(-1),
        });
        await SetConsentAsync(fixture.Host, merged.Id, ConsentChannel.Sms, false, "merged sms");
        await SetConsentAsync(fixture.Host, survivor.Id, ConsentChannel.Email, true, "survivor email");
        await SetConsentAsync(fixture.Host, merged.Id, ConsentChannel.Email, false, "merged email");
        await SetConsentAsync(fixture.Host, merged.Id, ConsentChannel.Phone, true, "merged phone");
        await SetConsentAsync(fixture.Host, survivor.Id, ConsentChannel.Sms, true, "survivor sms");
        var interactionsBefore = await fixture.Host.QueryAsync(db => db.Set<Interaction>().CountAsync());

        using var response = await MergeAsync(manager, await GetAsync(manager, survivor.Id), await GetAsync(manager, merged.Id),
            MergeField.JobTitle, MergeField.Website, MergeField.ExternalId, MergeField.Address);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await ReadAsync<CustomerDetails>(response);
        Assert.Equal(survivor.Id, result.Id);
        Assert.Equal($"Test Survivor{m}", result.DisplayName);
        Assert.Equal("CTO", result.JobTitle);
        Assert.Equal("merged.example.com", result.Website);
        Assert.Equal($"ext-{m}", result.ExternalId);
        Assert.Equal(new AddressDto("9 Side St", "02139", "Cambridge", "MA", "USA"), result.Address);
        Assert.Equal("Retail", result.Industry);
        Assert.Equal("Survivor notes", result.Notes);
        Assert.Equal(new[] { $"m.{m}@example.com", $"s.{m}@example.com", $"shared.{m}@example.com" }, result.Emails.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "+14155550101", "+14155550102" }, result.Phones.Order(StringComparer.Ordinal));
        Assert.Equal(["east", "north", "vip"], result.Tags);
        Assert.Equal(
            [(ConsentChannel.Email, false, "merged email"), (ConsentChannel.Phone, true, "merged phone"), (ConsentChannel.Sms, true, "survivor sms")],
            result.Consents.Select(c => (c.Channel, c.Granted, c.Source)));
        Assert.Equal(latest.OccurredAtUtc, result.LastContactAtUtc);
        var primary = await fixture.Host.QueryAsync(db => db.Set<Customer>().Where(c => c.Id == survivor.Id)
            .Select(c => new { c.PrimaryEmail, c.PrimaryPhone, c.City }).SingleAsync());
        Assert.Equal(($"s.{m}@example.com", "+14155550101", "Cambridge"), (primary.PrimaryEmail, primary.PrimaryPhone, primary.City));

        var timeline = await TimelineAsync(manager, survivor.Id);
        Assert.Equal(3, timeline.TotalCount);
        Assert.Equal([$"Merged call {m}", $"Merged email {m}", $"Survivor call {m}"], timeline.Items.Select(i => i.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(interactionsBefore, await fixture.Host.QueryAsync(db => db.Set<Interaction>().CountAsync()));

        using var gone = await manager.GetAsync(new Uri($"/api/v1/customers/{merged.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(await fixture.Host.QueryAsync(db => db.Set<Customer>().AnyAsync(c => c.Id == merged.Id)));
        Assert.False(await fixture.Host.QueryAsync(db => db.Set<CustomerEmail>().AnyAsync(e => e.CustomerId == merged.Id)));
    }

    [Fact]
    public async Task The_survivor_gets_one_Merged_audit_entry_with_the_merged_customer_and_the_old_and_new_values_and_keeps_the_merged_history()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, Person($"Audited{m}", $"a.{m}@example.com") with { JobTitle = "Clerk" });
        var merged = await CreateAsync(manager, Person($"Dup{m}", $"b.{m}@example.com") with { JobTitle = "Manager" });
        await LogAsync(manager, merged.Id, new InteractionInput { Subject = "Moves" });
        var mergedAuditIds = await AuditIdsAsync(merged.Id);
        Assert.NotEmpty(mergedAuditIds);

        using var response = await MergeAsync(manager, survivor, merged, MergeField.JobTitle);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>()
            .Where(a => a.CustomerId == survivor.Id).OrderBy(a => a.Id).ToListAsync());
        var entry = Assert.Single(entries, a => a.Action == "Merged");
        var changes = JsonSerializer.Deserialize<List<Change>>(entry.Changes)!;
        Assert.Contains(new Change("MergedCustomer", null, $"{merged.Id} Test Dup{m}"), changes);
        Assert.Contains(new Change("JobTitle", "Clerk", "Manager"), changes);
        Assert.Contains(new Change("Emails", $"a.{m}@example.com", $"a.{m}@example.com, b.{m}@example.com"), changes);
        Assert.Contains(new Change("MovedInteractions", null, "1"), changes);
        Assert.DoesNotContain(changes, c => c.Field == "LastName");
        // The merged customer's own history now belongs to the survivor, with the same ids.
        Assert.Empty(await AuditIdsAsync(merged.Id));
        Assert.Subset(entries.Select(a => a.Id).ToHashSet(), mergedAuditIds.ToHashSet());
    }

    [Fact]
    public async Task Merging_two_companies_moves_the_contact_people_to_the_survivor()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"Widgets {m}", Website = "widgets.example.com" });
        var merged = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"Widgets Ltd {m}", Industry = "Manufacturing" });
        var staying = await CreateAsync(manager, Person($"Staying{m}") with { CompanyId = survivor.Id });
        var moving1 = await CreateAsync(manager, Person($"MovingOne{m}") with { CompanyId = merged.Id });
        var moving2 = await CreateAsync(manager, Person($"MovingTwo{m}") with { CompanyId = merged.Id });

        using var response = await MergeAsync(manager, survivor, merged, MergeField.Industry);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ReadAsync<CustomerDetails>(response);
        Assert.Equal($"Widgets {m}", result.DisplayName);
        Assert.Equal("Manufacturing", result.Industry);
        Assert.Equal("widgets.example.com", result.Website);
        foreach (var person in new[] { staying, moving1, moving2 })
        {
            var after = await GetAsync(manager, person.Id);
            Assert.Equal(survivor.Id, after.CompanyId);
            Assert.Equal($"Widgets {m}", after.CompanyDisplayName);
        }

        Assert.NotEqual(moving1.Version, (await GetAsync(manager, moving1.Id)).Version);
        Assert.Equal(staying.Version, (await GetAsync(manager, staying.Id)).Version);
        var relinked = await fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>()
            .Where(a => a.CustomerId == moving1.Id && a.Action == "Updated").Select(a => a.Changes).SingleAsync());
        Assert.Contains(new Change("CompanyId", $"{merged.Id}", $"{survivor.Id}"), JsonSerializer.Deserialize<List<Change>>(relinked)!);
        Assert.False(await fixture.Host.QueryAsync(db => db.Set<Customer>().AnyAsync(c => c.CompanyId == merged.Id)));
    }

    [Fact]
    public async Task A_company_with_contact_people_cannot_be_merged_into_a_person_and_nothing_changes()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var company = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"Solo {m}" });
        await CreateAsync(manager, Person($"Employee{m}") with { CompanyId = company.Id });
        var person = await CreateAsync(manager, Person($"Solo{m}"));
        var before = await StateAsync(fixture.Host);

        using var response = await MergeAsync(manager, person, company);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a person cannot have contact people", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(fixture.Host));
    }

    [Fact]
    public async Task Merging_with_a_stale_version_of_either_customer_is_a_conflict_and_nothing_changes()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var survivor = await CreateAsync(manager, Person($"Fresh{m}", $"fresh.{m}@example.com"));
        var merged = await CreateAsync(manager, Person($"Stale{m}", $"stale.{m}@example.com"));
        await LogAsync(manager, merged.Id, new InteractionInput { Subject = "Stays put" });
        var changedMerged = await UpdateAsync(manager, merged.Id, Person($"Stale{m}", $"stale.{m}@example.com", city: "Bath"), merged.Version);
        var before = await StateAsync(fixture.Host);

        using var staleMerged = await MergeAsync(manager, survivor, merged);
        Assert.Equal(HttpStatusCode.Conflict, staleMerged.StatusCode);
        Assert.Contains("changed since you opened them", await staleMerged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(fixture.Host));

        var changedSurvivor = await UpdateAsync(manager, survivor.Id, Person($"Fresh{m}", $"fresh.{m}@example.com", city: "Bath"), survivor.Version);
        before = await StateAsync(fixture.Host);
        using var staleSurvivor = await MergeAsync(manager, survivor, changedMerged);
        Assert.Equal(HttpStatusCode.Conflict, staleSurvivor.StatusCode);
        Assert.Equal(before, await StateAsync(fixture.Host));

        using var fresh = await MergeAsync(manager, changedSurvivor, changedMerged);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Theory]
    [InlineData("rep@ecrm.local")]
    [InlineData("agent@ecrm.local")]
    public async Task Sales_reps_and_service_agents_may_not_merge_and_nothing_changes(string email)
    {
        var m = Marker();
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        using var user = await fixture.ClientAsync(email);
        // The rep owns both: owning customers is still not enough to merge them.
        var survivor = await CreateAsync(rep, Person($"Owned{m}", $"owned.{m}@example.com"));
        var merged = await CreateAsync(rep, Person($"Owned{m}", $"owned.{m}@example.com"));
        var before = await StateAsync(fixture.Host);

        using var response = await MergeAsync(user, survivor, merged, MergeField.LastName);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StateAsync(fixture.Host));
    }

    [Fact]
    public async Task Merging_a_customer_with_itself_is_refused_with_a_clear_message()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CreateAsync(manager, Person($"Myself{Marker()}"));
        var before = await StateAsync(fixture.Host);

        using var response = await MergeAsync(manager, customer, customer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A customer cannot be merged with itself.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(fixture.Host));
    }

    [Fact]
    public async Task Merging_an_unknown_customer_is_404()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CreateAsync(manager, Person($"Known{Marker()}"));

        using var response = await MergeAsync(manager, customer.Id,
            new MergeCustomersRequest { MergedId = 987654321, SurvivorVersion = customer.Version, MergedVersion = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Choices_that_leave_the_survivor_without_a_name_are_refused()
    {
        var m = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var company = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"Named {m}" });
        var person = await CreateAsync(manager, Person($"NoEmployer{m}"));
        var before = await StateAsync(fixture.Host);

        using var response = await MergeAsync(manager, company, person, MergeField.CompanyName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("without a name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(fixture.Host));
    }

    private Task<List<long>> AuditIdsAsync(long customerId) =>
        fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>().Where(a => a.CustomerId == customerId).Select(a => a.Id).ToListAsync());

    private static string Marker() => Guid.NewGuid().ToString("N")[..10];

    private sealed record Change(string Field, string? Old, string? New);
}
