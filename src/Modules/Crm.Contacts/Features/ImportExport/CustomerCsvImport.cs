using System.Security.Cryptography;
using System.Text;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Save;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.ImportExport;

/// <summary>The customer fields a CSV column can be mapped to.</summary>
internal enum ImportField
{
    Ignore,
    ExternalId,
    Kind,
    FirstName,
    LastName,
    FullName,
    CompanyName,
    JobTitle,
    Email,
    Phone,
    Street,
    PostalCode,
    City,
    Region,
    Country,
    Website,
    Industry,
    Source,
    Tags,
    Notes,
}

internal sealed record ImportPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<ImportField> SuggestedMapping);

internal sealed record ImportRowError(int Row, string Message);

internal sealed record ImportProgress(int RowsRead, int Created);

internal sealed record ImportReport(int RowsRead, int Created, int AlreadyImported, int LikelyDuplicates, IReadOnlyList<ImportRowError> Errors)
{
    public int Rejected => Errors.Count;
}

/// <summary>
/// CSV import of customers: a preview with a suggested column mapping, then the import itself with progress. Each row is
/// validated like a customer typed in the form; bad rows are reported with their row number and the reason, good rows are
/// kept. Every imported customer carries an external id (the file's, or one derived from the row's name, email and
/// phone), so importing the same file again creates nothing twice. Rows that look like an existing customer (same email
/// or phone) are skipped and reported, unless duplicates are allowed.
/// </summary>
internal sealed class CustomerCsvImport(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, IOptions<ContactsOptions> options)
{
    public const long MaxFileBytes = 50 * 1024 * 1024;
    private const int BatchSize = 500;

    private static readonly Dictionary<string, ImportField> KnownHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = ImportField.ExternalId, ["externalid"] = ImportField.ExternalId, ["customerid"] = ImportField.ExternalId,
        ["type"] = ImportField.Kind, ["kind"] = ImportField.Kind,
        ["firstname"] = ImportField.FirstName, ["givenname"] = ImportField.FirstName, ["forename"] = ImportField.FirstName,
        ["lastname"] = ImportField.LastName, ["surname"] = ImportField.LastName, ["familyname"] = ImportField.LastName,
        ["name"] = ImportField.FullName, ["fullname"] = ImportField.FullName, ["contact"] = ImportField.FullName,
        ["company"] = ImportField.CompanyName, ["companyname"] = ImportField.CompanyName, ["organisation"] = ImportField.CompanyName,
        ["organization"] = ImportField.CompanyName, ["account"] = ImportField.CompanyName,
        ["title"] = ImportField.JobTitle, ["jobtitle"] = ImportField.JobTitle, ["position"] = ImportField.JobTitle,
        ["email"] = ImportField.Email, ["emailaddress"] = ImportField.Email, ["mail"] = ImportField.Email,
        ["phone"] = ImportField.Phone, ["phonenumber"] = ImportField.Phone, ["telephone"] = ImportField.Phone, ["mobile"] = ImportField.Phone,
        ["street"] = ImportField.Street, ["address"] = ImportField.Street, ["address1"] = ImportField.Street,
        ["zip"] = ImportField.PostalCode, ["zipcode"] = ImportField.PostalCode, ["postcode"] = ImportField.PostalCode, ["postalcode"] = ImportField.PostalCode,
        ["city"] = ImportField.City, ["town"] = ImportField.City,
        ["state"] = ImportField.Region, ["region"] = ImportField.Region, ["province"] = ImportField.Region,
        ["country"] = ImportField.Country,
        ["website"] = ImportField.Website, ["web"] = ImportField.Website, ["url"] = ImportField.Website,
        ["industry"] = ImportField.Industry, ["source"] = ImportField.Source, ["leadsource"] = ImportField.Source,
        ["tags"] = ImportField.Tags, ["tag"] = ImportField.Tags, ["notes"] = ImportField.Notes, ["comment"] = ImportField.Notes,
    };

    public async Task<ImportPreview> PreviewAsync(Stream csv, int rows = 10, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreate(currentUser);
        await using var reader = CsvReader.Create(csv, null, leaveOpen: true);
        var preview = new List<IReadOnlyList<string>>();
        while (preview.Count < rows && await reader.ReadAsync(cancellationToken))
        {
            preview.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i))]);
        }

        var headers = reader.Headers.ToList();
        return new ImportPreview(headers, preview, [.. headers.Select(Suggest)]);
    }

    public static ImportField Suggest(string header) =>
        KnownHeaders.GetValueOrDefault(new string([.. header.Where(char.IsLetterOrDigit)]), ImportField.Ignore);

    public async Task<ImportReport> ImportAsync(
        Stream csv, IReadOnlyList<ImportField> mapping, bool allowDuplicates, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreate(currentUser);
        if (!mapping.Any(f => f is ImportField.LastName or ImportField.FullName or ImportField.CompanyName))
        {
            throw new ConflictException("Map at least one column to a name: Last name, Full name or Company name.");
        }

        var validator = CustomerInputValidator.For(options.Value.DefaultPhoneRegion);
        var region = options.Value.DefaultPhoneRegion;
        var errors = new List<ImportRowError>();
        int rowsRead = 0, created = 0, alreadyImported = 0, likelyDuplicates = 0;
        var seenInFile = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<(int Row, CustomerInput Input)>();

        await using var reader = CsvReader.Create(csv, null, leaveOpen: true);
        while (await reader.ReadAsync(cancellationToken))
        {
            rowsRead++;
            var row = rowsRead + 1; // the header is row 1, as a spreadsheet numbers it
            var input = ToInput(reader, mapping);
            var validation = await validator.ValidateAsync(input, cancellationToken);
            if (!validation.IsValid)
            {
                errors.Add(new ImportRowError(row, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage))));
                continue;
            }

            input = input with { ExternalId = input.ExternalId ?? DerivedExternalId(input, region) };
            if (!seenInFile.Add(input.ExternalId!))
            {
                errors.Add(new ImportRowError(row, $"Repeats an earlier row of the file (external id {input.ExternalId})."));
                continue;
            }

            pending.Add((row, input));
            if (pending.Count == BatchSize)
            {
                (var c, var a, var d) = await SaveBatchAsync(pending, allowDuplicates, errors, cancellationToken);
                (created, alreadyImported, likelyDuplicates) = (created + c, alreadyImported + a, likelyDuplicates + d);
                pending.Clear();
                progress?.Report(new ImportProgress(rowsRead, created));
            }
        }

        if (pending.Count > 0)
        {
            (var c, var a, var d) = await SaveBatchAsync(pending, allowDuplicates, errors, cancellationToken);
            (created, alreadyImported, likelyDuplicates) = (created + c, alreadyImported + a, likelyDuplicates + d);
        }

        progress?.Report(new ImportProgress(rowsRead, created));
        return new ImportReport(rowsRead, created, alreadyImported, likelyDuplicates, [.. errors.OrderBy(e => e.Row)]);
    }

    private async Task<(int Created, int AlreadyImported, int Duplicates)> SaveBatchAsync(
        List<(int Row, CustomerInput Input)> batch, bool allowDuplicates, List<ImportRowError> errors, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var externalIds = batch.Select(b => b.Input.ExternalId!).ToList();
        var existing = (await db.Set<Customer>().Where(c => externalIds.Contains(c.ExternalId!)).Select(c => c.ExternalId!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var region = options.Value.DefaultPhoneRegion;
        int created = 0, already = 0, duplicates = 0;
        var customers = new List<Customer>();
        foreach (var (row, input) in batch)
        {
            if (existing.Contains(input.ExternalId!))
            {
                already++;
                continue;
            }

            var customer = ImportedCustomer(input, region);
            if (!allowDuplicates)
            {
                var twins = await DuplicateFinder.FindAsync(db, null, [.. customer.Emails.Select(e => e.Address)],
                    [.. customer.Phones.Select(p => p.Number)], customer.SearchName, null, null, cancellationToken);
                if (twins.Count > 0)
                {
                    duplicates++;
                    errors.Add(new ImportRowError(row, $"Skipped: looks like customer #{twins[0].Id} {twins[0].DisplayName} ({twins[0].Reason})."));
                    continue;
                }
            }

            customers.Add(customer);
        }

        db.AddRange(customers);
        await db.SaveChangesAsync(cancellationToken);
        db.AddRange(customers.Select(c => AuditTrail.Entry(c.Id, "Imported", currentUser.ActorId, c.CreatedAtUtc, null, AuditTrail.Snapshot(c))!));
        await db.SaveChangesAsync(cancellationToken);
        created += customers.Count;
        return (created, already, duplicates);
    }

    private Customer ImportedCustomer(CustomerInput input, string region)
    {
        var customer = new Customer
        {
            OwnerId = ContactsAccess.IsManagerOrAdmin(currentUser) ? null : currentUser.ActorId,
        };
        CustomerSave.Apply(customer, input with { Source = input.Source ?? "CSV import" }, region);
        return customer;
    }

    private static CustomerInput ToInput(CsvReader reader, IReadOnlyList<ImportField> mapping)
    {
        string? Get(ImportField field)
        {
            var values = mapping.Select((f, i) => (f, i)).Where(x => x.f == field && x.i < reader.FieldCount)
                .Select(x => reader.GetString(x.i).Trim()).Where(v => v.Length > 0).ToList();
            return values.Count == 0 ? null : string.Join(field == ImportField.Notes ? "\n" : " ", values);
        }

        string[] Many(ImportField field, params char[] separators) =>
            [.. mapping.Select((f, i) => (f, i)).Where(x => x.f == field && x.i < reader.FieldCount)
                .SelectMany(x => reader.GetString(x.i).Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

        var first = Get(ImportField.FirstName);
        var last = Get(ImportField.LastName);
        if (last is null && Get(ImportField.FullName) is { } full)
        {
            var space = full.LastIndexOf(' ');
            (first, last) = space > 0 ? (first ?? full[..space], full[(space + 1)..]) : (first, full);
        }

        var company = Get(ImportField.CompanyName);
        var kindText = Get(ImportField.Kind);
        var kind = kindText is not null
            ? (kindText.StartsWith("c", StringComparison.OrdinalIgnoreCase) || kindText.StartsWith("o", StringComparison.OrdinalIgnoreCase) ? CustomerKind.Company : CustomerKind.Person)
            : last is null && company is not null ? CustomerKind.Company : CustomerKind.Person;

        return new CustomerInput
        {
            Kind = kind,
            FirstName = kind == CustomerKind.Person ? first : null,
            LastName = kind == CustomerKind.Person ? last : null,
            CompanyName = company,
            JobTitle = Get(ImportField.JobTitle),
            Emails = Many(ImportField.Email, ';', ',', ' '),
            Phones = Many(ImportField.Phone, ';', ','),
            Address = new AddressDto(Get(ImportField.Street), Get(ImportField.PostalCode), Get(ImportField.City), Get(ImportField.Region), Get(ImportField.Country)),
            Website = Get(ImportField.Website),
            Industry = Get(ImportField.Industry),
            Source = Get(ImportField.Source),
            Tags = Many(ImportField.Tags, ';', ','),
            Notes = Get(ImportField.Notes),
            ExternalId = Get(ImportField.ExternalId),
        };
    }

    /// <summary>A stable id for a row without one: the same person in the same file always gets the same id.</summary>
    private static string DerivedExternalId(CustomerInput input, string region)
    {
        var key = string.Join('|',
            ContactNormalizer.SearchKey(input.Kind == CustomerKind.Company ? input.CompanyName : $"{input.FirstName} {input.LastName}"),
            string.Join(',', input.Emails.Select(ContactNormalizer.NormalizeEmail).Order()),
            string.Join(',', input.Phones.Select(p => ContactNormalizer.TryNormalizePhone(p, region, out var e) ? e : p).Order()));
        return "csv:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }
}
