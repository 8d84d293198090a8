using System.Net;
using System.Text;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.RecordConsent;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Features.Privacy;

public sealed class CustomerEraseTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task After_erasing_a_customer_a_unique_marker_from_their_data_appears_nowhere_in_the_database_file()
    {
        var marker = Guid.NewGuid().ToString("N");
        const string phone = "+44 20 7946 0737";
        const string e164 = "+442079460737";
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var created = await CreateIdempotentlyAsync(manager, new CustomerInput
        {
            Kind = CustomerKind.Person,
            FirstName = $"First{marker}",
            LastName = $"Last{marker}",
            CompanyName = $"Employer {marker}",
            JobTitle = $"Title {marker}",
            Emails = [$"{marker}@example.com", $"second.{marker}@example.org"],
            Phones = [phone],
            Address = new AddressDto($"1 {marker} Street", "LS1 4AP", $"City{marker}", $"Region{marker}", $"Country{marker}"),
            Website = $"https://{marker}.example.com",
            Industry = $"Industry {marker}",
            Source = $"Source {marker}",
            Tags = [$"t-{marker}"],
            Notes = $"Notes about {marker}",
            ExternalId = $"ext-{marker}",
        });
        await LogAsync(manager, created.Id, new InteractionInput
        {
            Subject = $"Call about {marker}",
            Notes = $"Call notes {marker}",
            Outcome = $"Outcome {marker}",
            OccurredAtUtc = DateTime.UtcNow.AddDays(-2),
            DurationSeconds = 120,
        });
        await LogAsync(manager, created.Id, new InteractionInput
        {
            Channel = Channel.Email,
            Type = InteractionType.Email,
            Direction = InteractionDirection.Inbound,
            Subject = $"Email from {marker}",
            Notes = $"Email body {marker}",
            OccurredAtUtc = DateTime.UtcNow.AddDays(-1),
        });
        // An update, so the audit trail holds the marker as old values too.
        var updated = await UpdateAsync(manager, created.Id, new CustomerInput
        {
            Kind = CustomerKind.Person,
            FirstName = $"Renamed{marker}",
            LastName = $"Last{marker}",
            Emails = [$"new.{marker}@example.com"],
            Phones = [phone],
            Address = new AddressDto($"2 {marker} Road", "LS1 4AP", $"City{marker}", null, $"Country{marker}"),
            Tags = [$"t-{marker}", $"u-{marker}"],
            Notes = $"Changed notes about {marker}",
            ExternalId = $"ext-{marker}",
        }, created.Version);
        await SetConsentAsync(created.Id, $"Web form {marker}");
        var beforeErase = await GetAsync(manager, created.Id);
        Assert.NotEqual(updated.Version, beforeErase.Version);
        var timelineBefore = await TimelineAsync(manager, created.Id);
        Assert.Equal(2, timelineBefore.TotalCount);
        Assert.True(DatabaseFileContains(marker), "The marker should be in the database file before the erase; otherwise this test proves nothing.");

        using var erase = await EraseAsync(manager, created.Id, beforeErase.Version);

        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        Assert.False(DatabaseFileContains(marker), "The marker is still in the database file (or its write-ahead log).");
        Assert.False(DatabaseFileContains(marker.ToUpperInvariant()), "The upper-case marker (search name) is still in the database file.");
        Assert.False(DatabaseFileContains(e164), "The phone number is still in the database file.");

        var erased = await GetAsync(manager, created.Id);
        Assert.Equal($"Erased customer {created.Id}", erased.DisplayName);
        Assert.Null(erased.FirstName);
        Assert.Null(erased.CompanyName);
        Assert.Null(erased.JobTitle);
        Assert.Empty(erased.Emails);
        Assert.Empty(erased.Phones);
        Assert.Null(erased.Address);
        Assert.Empty(erased.Tags);
        Assert.Empty(erased.Consents);
        Assert.Null(erased.Notes);
        Assert.Null(erased.ExternalId);
        Assert.Null(erased.Website);
        Assert.False(erased.IsActive);
        Assert.True(erased.DoNotContact);
        Assert.Equal(beforeErase.LastContactAtUtc, erased.LastContactAtUtc);
        Assert.Equal(beforeErase.CreatedAtUtc, erased.CreatedAtUtc);

        var timelineAfter = await TimelineAsync(manager, created.Id);
        Assert.Equal(timelineBefore.TotalCount, timelineAfter.TotalCount);
        Assert.Equal(timelineBefore.Items.Select(i => (i.Id, i.Channel, i.Type, i.Direction, i.OccurredAtUtc, i.DurationSeconds)),
            timelineAfter.Items.Select(i => (i.Id, i.Channel, i.Type, i.Direction, i.OccurredAtUtc, i.DurationSeconds)));
        Assert.All(timelineAfter.Items, i =>
        {
            Assert.Equal("(erased)", i.Subject);
            Assert.Null(i.Notes);
            Assert.Null(i.Outcome);
        });

        var audit = await fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>()
            .Where(a => a.CustomerId == created.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Created", "Updated", "Consent", "Erased"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("[]", a.Changes));

        using var again = await EraseAsync(manager, created.Id, beforeErase.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
    }

    [Fact]
    public async Task A_sales_rep_may_not_erase_even_their_own_customer_and_nothing_changes()
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("KeepMe", "keep.me@example.com"));
        await LogAsync(rep, created.Id, new InteractionInput { Subject = "Keep this call" });

        using var response = await EraseAsync(rep, created.Id, created.Version);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = await GetAsync(rep, created.Id);
        Assert.Equal(created.Version, after.Version);
        Assert.Equal("Test KeepMe", after.DisplayName);
        Assert.Equal(["keep.me@example.com"], after.Emails);
        Assert.True(after.IsActive);
        Assert.Equal("Keep this call", Assert.Single((await TimelineAsync(rep, created.Id)).Items).Subject);
        Assert.DoesNotContain(await AuditActionsAsync(created.Id), a => a == "Erased");
    }

    [Fact]
    public async Task Erasing_without_If_Match_is_428_and_nothing_changes()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var created = await CreateAsync(manager, Person("NoPrecondition", "no.precondition@example.com"));

        using var response = await EraseAsync(manager, created.Id, null);

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        var after = await GetAsync(manager, created.Id);
        Assert.Equal(created.Version, after.Version);
        Assert.Equal("Test NoPrecondition", after.DisplayName);
    }

    [Fact]
    public async Task Erasing_with_a_stale_version_is_412_and_nothing_changes()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var created = await CreateAsync(manager, Person("Stale", "stale.reader@example.com"));
        var changed = await UpdateAsync(manager, created.Id, Person("Stale", "stale.reader@example.com", city: "Bath"), created.Version);

        using var response = await EraseAsync(manager, created.Id, created.Version);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var after = await GetAsync(manager, created.Id);
        Assert.Equal(changed.Version, after.Version);
        Assert.Equal("Test Stale", after.DisplayName);
        Assert.Equal(["stale.reader@example.com"], after.Emails);
        Assert.DoesNotContain(await AuditActionsAsync(created.Id), a => a == "Erased");
    }

    [Fact]
    public async Task Erasing_an_unknown_customer_is_404()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var response = await EraseAsync(manager, 987654321, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_contact_people_of_an_erased_company_keep_their_data_and_their_link()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var company = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = "Erased Widgets Ltd", Website = "widgets.example.com" });
        var person = await CreateAsync(manager, Person("Colleague", "colleague@example.com") with { CompanyId = company.Id });

        using var response = await EraseAsync(manager, company.Id, company.Version);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var erasedCompany = await GetAsync(manager, company.Id);
        Assert.Equal(CustomerKind.Company, erasedCompany.Kind);
        Assert.Equal($"Erased customer {company.Id}", erasedCompany.DisplayName);
        Assert.Equal($"Erased customer {company.Id}", erasedCompany.CompanyName);
        Assert.Null(erasedCompany.Website);
        var colleague = await GetAsync(manager, person.Id);
        Assert.Equal(person.Version, colleague.Version);
        Assert.Equal("Test Colleague", colleague.DisplayName);
        Assert.Equal(["colleague@example.com"], colleague.Emails);
        Assert.Equal(company.Id, colleague.CompanyId);
        Assert.Equal($"Erased customer {company.Id}", colleague.CompanyDisplayName);
    }

    private async Task SetConsentAsync(long customerId, string source)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        await scope.ServiceProvider.GetRequiredService<RecordConsentHandler>().RecordAsync(customerId, ConsentChannel.Email, true, source);
    }

    private Task<List<string>> AuditActionsAsync(long customerId) =>
        fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>().Where(a => a.CustomerId == customerId).Select(a => a.Action).ToListAsync());

    /// <summary>Whether the text is anywhere in the raw bytes of the SQLite file or its write-ahead log (UTF-8).</summary>
    private bool DatabaseFileContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { fixture.Host.DatabasePath, fixture.Host.DatabasePath + "-wal" }
            .Where(File.Exists)
            .Any(path => ReadShared(path).AsSpan().IndexOf(needle) >= 0);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
