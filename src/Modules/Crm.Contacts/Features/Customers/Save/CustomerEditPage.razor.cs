using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>Create or edit a customer. Validation comes from the same validator the API uses; duplicates are shown before a create.</summary>
public partial class CustomerEditPage
{
    private MudForm form = default!;
    private readonly PageLoad<CustomerForm> load = new();
    private Guid version;
    private string title = "";
    private string ownerName = "";
    private bool saving;
    private string? conflict;
    private IReadOnlyList<ValidationError> errors = [];
    private IReadOnlyList<DuplicateCandidate> duplicates = [];
    private IReadOnlyList<UserName> reps = [];

    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private CreateCustomerHandler CreateCustomer { get; set; } = default!;

    [Inject]
    private UpdateCustomerHandler UpdateCustomer { get; set; } = default!;

    [Inject]
    private Browse.CustomerQueries Queries { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Directory { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        conflict = null;
        errors = [];
        duplicates = [];
        reps = await Users.InRoleAsync(CrmRoles.SalesRep);
        if (Id is not { } id)
        {
            load.Set(new CustomerForm());
            return;
        }

        await load.RunAsync(async () =>
        {
            var customer = await Queries.GetAsync(id);
            if (!Shared.ContactsAccess.CanEdit(CurrentUser, customer.OwnerId))
            {
                throw new ForbiddenException("Only the owning sales rep, a Manager or an Admin may change this customer.");
            }

            var edited = CustomerForm.From(customer,
                customer.CompanyId is { } companyId ? await Directory.FindAsync(companyId) : null);
            version = customer.Version;
            title = customer.DisplayName;
            ownerName = customer.OwnerId is null ? "" : (await Users.NamesAsync([customer.OwnerId]))[customer.OwnerId];
            return edited;
        });
    }

    /// <summary>The form being edited (the page renders it only once loaded).</summary>
    private CustomerForm Model => load.Value!;

    private async Task<IEnumerable<CustomerSummary>> SearchCompaniesAsync(string? term, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(term)
            ? []
            : (await Directory.SearchAsync(term, 20, cancellationToken)).Where(c => c.Kind == CustomerKind.Company);

    private bool Has(string field) => errors.Any(e => e.Field == field || e.Field.StartsWith(field + "[", StringComparison.Ordinal));

    private string Err(string field) => string.Join(" ", errors
        .Where(e => e.Field == field || e.Field.StartsWith(field + "[", StringComparison.Ordinal)).Select(e => e.Message));

    private async Task SaveAsync(bool allowDuplicates)
    {
        saving = true;
        conflict = null;
        try
        {
            var input = Model.ToInput();
            var created = Id is null ? await CreateCustomer.CreateAsync(input, allowDuplicates) : null;
            var result = created?.Result ?? await UpdateCustomer.UpdateAsync(Id!.Value, input, version);
            errors = result.Validation.Errors;
            duplicates = created?.Duplicates ?? [];
            if (result.Succeeded)
            {
                Snackbar.Add(Id is null ? "Customer created." : "Changes saved.", Severity.Success);
                Navigation.NavigateTo($"/customers/{result.Value}");
            }
        }
        catch (ConflictException ex)
        {
            conflict = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>What the form edits; converted to the <see cref="CustomerInput"/> the validator and handlers take.</summary>
    private sealed class CustomerForm
    {
        public CustomerKind Kind { get; set; } = CustomerKind.Person;

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? CompanyName { get; set; }

        public string? JobTitle { get; set; }

        public CustomerSummary? Company { get; set; }

        public string? Emails { get; set; }

        public string? Phones { get; set; }

        public string? Street { get; set; }

        public string? PostalCode { get; set; }

        public string? City { get; set; }

        public string? Region { get; set; }

        public string? Country { get; set; }

        public string? Website { get; set; }

        public string? Industry { get; set; }

        public string? Source { get; set; }

        public string? Tags { get; set; }

        public string? OwnerId { get; set; }

        public string? Notes { get; set; }

        public string? ExternalId { get; set; }

        public static CustomerForm From(CustomerDetails c, CustomerSummary? company) => new()
        {
            Kind = c.Kind,
            FirstName = c.FirstName,
            LastName = c.LastName,
            CompanyName = c.CompanyName,
            JobTitle = c.JobTitle,
            Company = company,
            Emails = string.Join('\n', c.Emails),
            Phones = string.Join('\n', c.Phones),
            Street = c.Address?.Street,
            PostalCode = c.Address?.PostalCode,
            City = c.Address?.City,
            Region = c.Address?.Region,
            Country = c.Address?.Country,
            Website = c.Website,
            Industry = c.Industry,
            Source = c.Source,
            Tags = string.Join(", ", c.Tags),
            OwnerId = c.OwnerId,
            Notes = c.Notes,
            ExternalId = c.ExternalId,
        };

        public CustomerInput ToInput() => new()
        {
            Kind = Kind,
            FirstName = FirstName,
            LastName = LastName,
            CompanyName = CompanyName,
            JobTitle = JobTitle,
            CompanyId = Kind == CustomerKind.Person ? Company?.Id : null,
            Emails = Lines(Emails),
            Phones = Lines(Phones),
            Address = new AddressDto(Street, PostalCode, City, Region, Country),
            Website = Website,
            Industry = Industry,
            Source = Source,
            Tags = [.. (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            OwnerId = OwnerId,
            Notes = Notes,
            ExternalId = ExternalId,
        };

        private static string[] Lines(string? text) =>
            [.. (text ?? "").Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
