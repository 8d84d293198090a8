using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Browse;

/// <summary>The customer list: server-side search, filters, sorting and paging; a row opens the customer's 360° page.</summary>
public partial class CustomerListPage
{
    private MudTable<CustomerListItem> table = default!;
    private string search = "";
    private CustomerKind? kind;
    private string? ownerId;
    private string? tag;
    private string? city;
    private DateRange? created;
    private DateRange? lastContact;
    private bool includeInactive;
    private bool canCreate;
    private IReadOnlyList<UserName> owners = [];
    private IReadOnlyDictionary<string, string> ownerNames = new Dictionary<string, string>();

    [Inject]
    private CustomerQueries Queries { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")]
    private string? InitialSearch { get; set; }

    private CustomerSort sort = CustomerSort.Name;
    private bool descending;

    /// <summary>The current view (filters and sort) as a CSV download.</summary>
    private string ExportHref
    {
        get
        {
            var query = new Dictionary<string, string?>
            {
                ["search"] = NullIfEmpty(search),
                ["kind"] = kind?.ToString(),
                ["ownerId"] = ownerId,
                ["tag"] = NullIfEmpty(tag),
                ["city"] = NullIfEmpty(city),
                ["createdFrom"] = created?.Start?.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["createdTo"] = created?.End?.AddDays(1).ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["lastContactFrom"] = lastContact?.Start?.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["lastContactTo"] = lastContact?.End?.AddDays(1).ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["includeInactive"] = includeInactive ? "true" : null,
                ["sort"] = sort.ToString(),
                ["descending"] = descending ? "true" : null,
            };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/customers/export",
                query.Where(kv => kv.Value is not null));
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private bool HasFilters => search.Length > 0 || kind is not null || ownerId is not null || !string.IsNullOrEmpty(tag)
        || !string.IsNullOrEmpty(city) || created is not null || lastContact is not null;

    protected override async Task OnInitializedAsync()
    {
        search = InitialSearch ?? "";
        canCreate = ContactsAccess.CanCreate(CurrentUser);
        owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        ownerNames = owners.ToDictionary(o => o.Id, o => o.DisplayName);
    }

    private async Task<TableData<CustomerListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        sort = Enum.TryParse<CustomerSort>(state.SortLabel, out var sortLabel) ? sortLabel : CustomerSort.Name;
        descending = state.SortDirection == SortDirection.Descending;
        var page = await Queries.ListAsync(new CustomerListQuery
        {
            Search = search,
            Kind = kind,
            OwnerId = ownerId,
            Tag = tag,
            City = city,
            CreatedFromUtc = created?.Start?.ToUniversalTime(),
            CreatedToUtc = created?.End?.AddDays(1).ToUniversalTime(),
            LastContactFromUtc = lastContact?.Start?.ToUniversalTime(),
            LastContactToUtc = lastContact?.End?.AddDays(1).ToUniversalTime(),
            IncludeInactive = includeInactive,
            Sort = sort,
            Descending = descending,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);

        var unknownOwners = page.Items.Select(i => i.OwnerId).OfType<string>().Where(id => !ownerNames.ContainsKey(id)).ToList();
        if (unknownOwners.Count > 0)
        {
            var more = await Users.NamesAsync(unknownOwners, cancellationToken);
            ownerNames = ownerNames.Concat(more).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        }

        return new TableData<CustomerListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void OpenCustomer(TableRowClickEventArgs<CustomerListItem> row) => Navigation.NavigateTo($"/customers/{row.Item!.Id}");

    private Task SearchChangedAsync(string? value) => Reload(() => search = value ?? "");

    private Task KindChangedAsync(CustomerKind? value) => Reload(() => kind = value);

    private Task OwnerChangedAsync(string? value) => Reload(() => ownerId = value);

    private Task TagChangedAsync(string? value) => Reload(() => tag = value);

    private Task CityChangedAsync(string? value) => Reload(() => city = value);

    private Task CreatedChangedAsync(DateRange? value) => Reload(() => created = value);

    private Task LastContactChangedAsync(DateRange? value) => Reload(() => lastContact = value);

    private Task InactiveChangedAsync(bool value) => Reload(() => includeInactive = value);

    private async Task Reload(Action change)
    {
        change();
        await table.ReloadServerData();
    }
}
