using System.Globalization;
using Crm.Kernel.Text;
using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Kernel.Identity;
using CsvHelper;

namespace Crm.Contacts.Features.ImportExport;

/// <summary>Writes the customers of a list view (same search, filters and sort) as CSV, page by page, safe for spreadsheets.</summary>
internal sealed class CustomerCsvExport(CustomerQueries queries, UserDirectory users)
{
    public const int MaxRows = 1_000_000;

    public static readonly string[] Columns =
        ["id", "type", "name", "company", "email", "phone", "city", "owner", "active", "created_utc", "last_contact_utc"];

    public async Task WriteAsync(CustomerListQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        // UTF-8 with a byte-order mark, so spreadsheets read accents correctly.
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), leaveOpen: true);
        await csv.WriteRecordAsync(Columns, cancellationToken);
        var owners = new Dictionary<string, string>();
        var page = 0;
        var written = 0;
        while (written < MaxRows)
        {
            var result = await queries.ListAsync(query with { Page = page++, PageSize = CustomerQueries.MaxPageSize }, cancellationToken);
            if (result.Items.Count == 0)
            {
                break;
            }

            foreach (var (id, name) in await users.NamesAsync(result.Items.Select(i => i.OwnerId).Where(o => o is not null && !owners.ContainsKey(o)), cancellationToken))
            {
                owners[id] = name;
            }

            foreach (var c in result.Items)
            {
                await csv.WriteRecordAsync(
                [
                    c.Id.ToString(CultureInfo.InvariantCulture),
                    c.Kind.ToString(),
                    SpreadsheetSafe.Cell(c.DisplayName) ?? "",
                    SpreadsheetSafe.Cell(c.CompanyName) ?? "",
                    SpreadsheetSafe.Cell(c.PrimaryEmail) ?? "",
                    SpreadsheetSafe.Cell(c.PrimaryPhone) ?? "",
                    SpreadsheetSafe.Cell(c.City) ?? "",
                    SpreadsheetSafe.Cell(c.OwnerId is null ? null : owners.GetValueOrDefault(c.OwnerId, c.OwnerId)) ?? "",
                    c.IsActive ? "yes" : "no",
                    c.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    c.LastContactAtUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                ], cancellationToken);
            }

            written += result.Items.Count;
            await csv.FlushAsync(cancellationToken);
            if (result.Items.Count < CustomerQueries.MaxPageSize)
            {
                break;
            }
        }
    }
}
