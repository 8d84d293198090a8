using System.Text;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.ImportExport;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts.Tests.Features.ImportExport;

public sealed class CustomerCsvImportTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task The_preview_shows_the_first_rows_and_suggests_a_mapping_from_the_headers()
    {
        await using var scope = Scope(CrmRoles.SalesRep);
        var import = scope.ServiceProvider.GetRequiredService<CustomerCsvImport>();
        using var csv = Csv("First Name,Surname,E-mail,Phone Number,Company,City,Favourite colour", "Ada,Lovelace,ada@example.com,+44 20 7946 0000,,London,blue");

        var preview = await import.PreviewAsync(csv);

        Assert.Equal(["First Name", "Surname", "E-mail", "Phone Number", "Company", "City", "Favourite colour"], preview.Headers);
        Assert.Equal("Lovelace", Assert.Single(preview.Rows)[1]);
        Assert.Equal([ImportField.FirstName, ImportField.LastName, ImportField.Email, ImportField.Phone, ImportField.CompanyName, ImportField.City, ImportField.Ignore],
            preview.SuggestedMapping);
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_their_row_number_good_rows_are_kept_and_a_re_import_creates_nothing()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        string[] rows =
        [
            "first,last,email,phone,city,tags",
            $"Ada,Lovelace{marker},ada{marker}@example.com,+44 20 7946 0001,London,{marker}",
            $"Bad,Email{marker},not-an-email,,Paris,{marker}",
            $",,{marker}nobody@example.com,,Rome,{marker}",
            $"Grace,Hopper{marker},grace{marker}@example.com,(212) 555-0177,New York,{marker};vip",
            $"Ada,Lovelace{marker},ada{marker}@example.com,+44 20 7946 0001,London,{marker}",
        ];
        var mapping = new[] { ImportField.FirstName, ImportField.LastName, ImportField.Email, ImportField.Phone, ImportField.City, ImportField.Tags };
        await using var scope = Scope(CrmRoles.Manager);
        var import = scope.ServiceProvider.GetRequiredService<CustomerCsvImport>();
        var progress = new List<ImportProgress>();

        using (var csv = Csv(rows))
        {
            var report = await import.ImportAsync(csv, mapping, allowDuplicates: false, new SynchronousProgress(progress));

            Assert.Equal(5, report.RowsRead);
            Assert.Equal(2, report.Created);
            Assert.Equal([3, 4, 6], report.Errors.Select(e => e.Row));
            Assert.Contains("'not-an-email' is not a valid email address.", report.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("last name", report.Errors[1].Message, StringComparison.Ordinal);
            Assert.Contains("Repeats an earlier row", report.Errors[2].Message, StringComparison.Ordinal);
            Assert.Equal(5, progress[^1].RowsRead);
        }

        var grace = await fixture.Host.QueryAsync(db => db.Set<Customer>().Include(c => c.Phones).Include(c => c.Tags)
            .SingleAsync(c => c.LastName == $"Hopper{marker}"));
        Assert.Equal("+12125550177", Assert.Single(grace.Phones).Number);
        Assert.Equal(new[] { "vip", marker }.Order(StringComparer.Ordinal), grace.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal));
        Assert.Equal("CSV import", grace.Source);

        using (var again = Csv(rows))
        {
            var second = await import.ImportAsync(again, mapping, allowDuplicates: false, null);
            Assert.Equal(0, second.Created);
            Assert.Equal(2, second.AlreadyImported);
        }

        Assert.Equal(2, await fixture.Host.QueryAsync(db => db.Set<Customer>().CountAsync(c => c.LastName!.EndsWith(marker))));
    }

    [Fact]
    public async Task Rows_that_look_like_existing_customers_are_skipped_unless_duplicates_are_allowed()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        await using var scope = Scope(CrmRoles.Manager);
        var import = scope.ServiceProvider.GetRequiredService<CustomerCsvImport>();
        var mapping = new[] { ImportField.FullName, ImportField.Email };
        using (var first = Csv("name,email", $"Alan Turing{marker},alan{marker}@example.com"))
        {
            Assert.Equal(1, (await import.ImportAsync(first, mapping, false, null)).Created);
        }

        using (var twin = Csv("name,email", $"A. Turing{marker},ALAN{marker}@example.com"))
        {
            var skipped = await import.ImportAsync(twin, mapping, false, null);
            Assert.Equal(0, skipped.Created);
            Assert.Equal(1, skipped.LikelyDuplicates);
            Assert.Contains("Skipped: looks like customer", Assert.Single(skipped.Errors).Message, StringComparison.Ordinal);
        }

        using var allowed = Csv("name,email", $"A. Turing{marker},ALAN{marker}@example.com");
        Assert.Equal(1, (await import.ImportAsync(allowed, mapping, true, null)).Created);
    }

    [Fact]
    public async Task A_mapping_without_a_name_is_refused_and_a_service_agent_may_not_import()
    {
        await using (var scope = Scope(CrmRoles.Manager))
        {
            using var csv = Csv("email", "x@example.com");
            await Assert.ThrowsAsync<ConflictException>(() =>
                scope.ServiceProvider.GetRequiredService<CustomerCsvImport>().ImportAsync(csv, [ImportField.Email], false, null));
        }

        await using var agent = Scope(CrmRoles.ServiceAgent);
        using var rows = Csv("last", "Nobody");
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            agent.ServiceProvider.GetRequiredService<CustomerCsvImport>().ImportAsync(rows, [ImportField.LastName], false, null));
    }

    private AsyncServiceScope Scope(string role)
    {
        var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor($"test:{role}", role);
        return scope;
    }

    private static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    private sealed class SynchronousProgress(List<ImportProgress> seen) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => seen.Add(value);
    }
}
