using System.Net;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Tests.Features.Api;
using Microsoft.EntityFrameworkCore;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Features.Privacy;

public sealed class CustomerExportTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task A_manager_downloads_everything_held_about_a_customer_as_a_JSON_file()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var created = await CreateAsync(manager, Person("Exported", "exported.person@example.com", "+44 20 7946 0101", "Leeds") with
        {
            Tags = ["vip"],
            Notes = "Prefers mornings",
        });
        var changed = await UpdateAsync(manager, created.Id, Person("Exported", "exported.person@example.com", "+44 20 7946 0101", "York") with
        {
            Tags = ["vip"],
            Notes = "Prefers mornings",
        }, created.Version);
        await LogAsync(manager, created.Id, new InteractionInput { Subject = "Asked for a copy of their data", Notes = "By phone", Outcome = "Sent" });

        using var response = await ExportAsync(manager, created.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"customer-{created.Id}.json", response.Content.Headers.ContentDisposition.FileName);
        using var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = export.RootElement;
        var customer = root.GetProperty("customer");
        Assert.Equal(created.Id, customer.GetProperty("id").GetInt64());
        Assert.Equal("Exported", customer.GetProperty("lastName").GetString());
        Assert.Equal("Prefers mornings", customer.GetProperty("notes").GetString());
        Assert.Equal(changed.Version, customer.GetProperty("version").GetGuid());
        Assert.Equal("exported.person@example.com", Assert.Single(root.GetProperty("emails").EnumerateArray()).GetProperty("address").GetString());
        Assert.Equal("+442079460101", Assert.Single(root.GetProperty("phones").EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal("York", Assert.Single(root.GetProperty("addresses").EnumerateArray()).GetProperty("city").GetString());
        Assert.Equal("vip", Assert.Single(root.GetProperty("tags").EnumerateArray()).GetString());
        var interaction = Assert.Single(root.GetProperty("interactions").EnumerateArray());
        Assert.Equal("Asked for a copy of their data", interaction.GetProperty("subject").GetString());
        Assert.Equal("By phone", interaction.GetProperty("notes").GetString());
        Assert.Equal("Phone", interaction.GetProperty("channel").GetString());

        var audit = root.GetProperty("auditTrail").EnumerateArray().ToList();
        Assert.Equal(["Created", "Updated"], audit.Select(a => a.GetProperty("action").GetString()));
        var cityChange = Assert.Single(audit[1].GetProperty("changes").EnumerateArray());
        Assert.Equal("Address", cityChange.GetProperty("field").GetString());
        Assert.Contains("Leeds", cityChange.GetProperty("old").GetString(), StringComparison.Ordinal);
        Assert.Contains("York", cityChange.GetProperty("new").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_of_a_company_names_its_contact_people()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var company = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = "Exported Widgets Ltd" });
        var person = await CreateAsync(manager, Person("Worker") with { CompanyId = company.Id });

        using var response = await ExportAsync(manager, company.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var contact = Assert.Single(export.RootElement.GetProperty("contactPeople").EnumerateArray());
        Assert.Equal(person.Id, contact.GetProperty("id").GetInt64());
        Assert.Equal("Test Worker", contact.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("rep@ecrm.local")]
    [InlineData("agent@ecrm.local")]
    public async Task Sales_reps_and_service_agents_may_not_export_and_nothing_changes(string email)
    {
        using var rep = await fixture.ClientAsync("rep@ecrm.local");
        var created = await CreateAsync(rep, Person("NotForExport", "not.for.export@example.com"));
        var auditBefore = await AuditCountAsync(created.Id);
        using var client = await fixture.ClientAsync(email);

        using var response = await ExportAsync(client, created.Id);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("not.for.export", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await GetAsync(rep, created.Id);
        Assert.Equal(created.Version, after.Version);
        Assert.Equal(auditBefore, await AuditCountAsync(created.Id));
    }

    [Fact]
    public async Task Exporting_an_unknown_customer_is_404()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var response = await ExportAsync(manager, 987654321);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<int> AuditCountAsync(long customerId) =>
        fixture.Host.QueryAsync(db => db.Set<ContactsAuditEntry>().CountAsync(a => a.CustomerId == customerId));
}
