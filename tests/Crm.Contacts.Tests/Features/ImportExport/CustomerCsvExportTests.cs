using System.Net;
using Crm.Kernel.Text;
using Crm.Contacts.Contracts;
using Crm.Contacts.Features.ImportExport;
using Crm.Contacts.Tests.Features.Api;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.ImportExport;

public sealed class CustomerCsvExportTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Plain name", "Plain name")]
    [InlineData("", "")]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_defused(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Cell(value));

    [Fact]
    public async Task The_export_has_the_filtered_view_with_formula_cells_defused()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"=cmd|' /C calc'!A0 {marker}", Tags = [marker] });
        await CreateAsync(manager, Person($"Plain {marker}", $"plain{marker}@example.com") with { Tags = [marker] });
        await CreateAsync(manager, Person($"Untagged {marker}"));

        using var response = await manager.GetAsync(new Uri($"/api/v1/customers/export?tag={marker}&sort=Name", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=customers-", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CustomerCsvExport.Columns), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"plain{marker}@example.com", lines[1] + lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains($"Untagged {marker}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"'=cmd|' /C calc'!A0", StringComparison.Ordinal) || l.Contains(",'=cmd|", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",=cmd", StringComparison.Ordinal) || l.Contains(",\"=cmd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nobody_signed_in_gets_no_export()
    {
        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        using var response = await anonymous.GetAsync(new Uri("/api/v1/customers/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
