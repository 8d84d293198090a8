using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Kernel.Errors;

namespace Crm.Contacts.Features.Customers.Views;

internal sealed record SavedViewSummary(long Id, string Name, CustomerListQuery Query);

/// <summary>Each user's named customer-list views (the "customers" list of <see cref="ISavedViews"/>). A user sees and changes only their own.</summary>
internal sealed class SavedViews(ISavedViews views)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SavedViewSummary>> MineAsync(CancellationToken cancellationToken = default) =>
        [.. (await views.MineAsync(SavedViewLists.Customers, cancellationToken))
            .Select(v => new SavedViewSummary(v.Id, v.Name, JsonSerializer.Deserialize<CustomerListQuery>(v.QueryJson, Json) ?? new CustomerListQuery()))];

    /// <summary>
    /// Saves the view under <paramref name="name"/>: Created with its id, Done when it replaced the user's view of the same
    /// name, or Invalid for a missing or long name.
    /// </summary>
    public Task<CommandResult<long>> SaveAsync(string name, CustomerListQuery query, CancellationToken cancellationToken = default) =>
        views.SaveAsync(SavedViewLists.Customers, name, JsonSerializer.Serialize(query with { Page = 0 }, Json), cancellationToken);

    /// <summary>Deletes one of the user's views: Done with its id; someone else's or an unknown one is a <see cref="NotFoundException"/>.</summary>
    public Task<CommandResult<long>> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        views.DeleteAsync(SavedViewLists.Customers, id, cancellationToken);
}
