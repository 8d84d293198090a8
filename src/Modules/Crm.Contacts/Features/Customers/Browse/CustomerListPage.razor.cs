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

    [Inject]
    private Views.SavedViews SavedViews { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<Views.SavedViewSummary> views = [];
    private long? selectedViewId;

    [SupplyParameterFromQuery(Name = "search")]
    private string? InitialSearch { get; set; }

    private CustomerSort sort = CustomerSort.Name;
    private bool descending;

    /// <summary>The current view (filters and sort) as a CSV download.</summary>
    private string ExportHref
    {
        get
        {
            var q = CurrentQuery();
            static string? Iso(DateTime? t) => t?.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            var query = new Dictionary<string, string?>
            {
                ["search"] = q.Search,
                ["kind"] = q.Kind?.ToString(),
                ["ownerId"] = q.OwnerId,
                ["tag"] = q.Tag,
                ["city"] = q.City,
                ["createdFrom"] = Iso(q.CreatedFromUtc),
                ["createdTo"] = Iso(q.CreatedToUtc),
                ["lastContactFrom"] = Iso(q.LastContactFromUtc),
                ["lastContactTo"] = Iso(q.LastContactToUtc),
                ["includeInactive"] = q.IncludeInactive ? "true" : null,
                ["sort"] = q.Sort.ToString(),
                ["descending"] = q.Descending ? "true" : null,
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
        views = await SavedViews.MineAsync();
        ownerNames = owners.ToDictionary(o => o.Id, o => o.DisplayName);
    }

    private async Task<TableData<CustomerListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        // A sort clicked in the header wins; otherwise the applied view's sort stays.
        if (Enum.TryParse<CustomerSort>(state.SortLabel, out var sortLabel) && state.SortDirection != SortDirection.None)
        {
            sort = sortLabel;
            descending = state.SortDirection == SortDirection.Descending;
        }

        var page = await Queries.ListAsync(CurrentQuery() with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);

        var unknownOwners = page.Items.Select(i => i.OwnerId).OfType<string>().Where(id => !ownerNames.ContainsKey(id)).ToList();
        if (unknownOwners.Count > 0)
        {
            var more = await Users.NamesAsync(unknownOwners, cancellationToken);
            ownerNames = ownerNames.Concat(more).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        }

        return new TableData<CustomerListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private CustomerListQuery CurrentQuery() => new()
    {
        Search = NullIfEmpty(search),
        Kind = kind,
        OwnerId = ownerId,
        Tag = NullIfEmpty(tag),
        City = NullIfEmpty(city),
        CreatedFromUtc = created?.Start?.ToUniversalTime(),
        CreatedToUtc = created?.End?.AddDays(1).ToUniversalTime(),
        LastContactFromUtc = lastContact?.Start?.ToUniversalTime(),
        LastContactToUtc = lastContact?.End?.AddDays(1).ToUniversalTime(),
        IncludeInactive = includeInactive,
        Sort = sort,
        Descending = descending,
    };

    private async Task ApplyViewAsync(long? id)
    {
        selectedViewId = id;
        if (views.FirstOrDefault(v => v.Id == id)?.Query is not { } q)
        {
            return;
        }

        search = q.Search ?? "";
        kind = q.Kind;
        ownerId = q.OwnerId;
        tag = q.Tag;
        city = q.City;
        created = q.CreatedFromUtc is null && q.CreatedToUtc is null ? null : new DateRange(q.CreatedFromUtc?.ToLocalTime(), q.CreatedToUtc?.ToLocalTime().AddDays(-1));
        lastContact = q.LastContactFromUtc is null && q.LastContactToUtc is null ? null : new DateRange(q.LastContactFromUtc?.ToLocalTime(), q.LastContactToUtc?.ToLocalTime().AddDays(-1));
        includeInactive = q.IncludeInactive;
        sort = q.Sort;
        descending = q.Descending;
        await table.ReloadServerData();
    }

    private async Task SaveViewAsync()
    {
        var name = views.FirstOrDefault(v => v.Id == selectedViewId)?.Name ?? "";
        var dialog = await Dialogs.ShowAsync<Crm.Ui.Views.SaveViewDialog>("Save this view",
            new DialogParameters<Crm.Ui.Views.SaveViewDialog> { { d => d.Name, name } }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string chosen })
        {
            return;
        }

        var result = await SavedViews.SaveAsync(chosen, CurrentQuery());
        if (result.Problem is { } problem)
        {
            Snackbar.Add(problem, Severity.Error);
            return;
        }

        views = await SavedViews.MineAsync();
        selectedViewId = views.FirstOrDefault(v => v.Name == chosen.Trim())?.Id;
        Snackbar.Add($"View \"{chosen.Trim()}\" saved.", Severity.Success);
    }

    private async Task DeleteViewAsync()
    {
        var view = views.First(v => v.Id == selectedViewId);
        if (await Dialogs.ShowMessageBoxAsync("Delete this view?", $"The saved view \"{view.Name}\" will be deleted. Customers are not affected.",
                yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        await SavedViews.DeleteAsync(view.Id);
        views = await SavedViews.MineAsync();
        selectedViewId = null;
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
