using Crm.Kernel.Errors;

namespace Crm.Contacts.Contracts;

/// <summary>The lists whose views users save (the key a view is stored under).</summary>
public static class SavedViewLists
{
    public const string Customers = "customers";

    public const string Cases = "cases";
}

/// <summary>A user's named view of a list: the list's own query (filters, search, sort) as JSON.</summary>
public sealed record SavedViewDto(long Id, string Name, string QueryJson);

/// <summary>
/// Each user's named views of a list (Contacts owns the table; any module's list stores its query here as JSON). A user sees,
/// replaces and deletes only their own views; the calling list checks who may see it before it asks.
/// </summary>
public interface ISavedViews
{
    const int MaxNameLength = 100;

    const int MaxQueryLength = 4000;

    /// <summary>The signed-in user's views of <paramref name="list"/>, by name.</summary>
    Task<IReadOnlyList<SavedViewDto>> MineAsync(string list, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the query as the user's view <paramref name="name"/> of <paramref name="list"/>: Created with its id, Done when it
    /// replaced the user's view of that name, Invalid for a missing or long name or query.
    /// </summary>
    Task<CommandResult<long>> SaveAsync(string list, string name, string queryJson, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of the user's views of <paramref name="list"/>: Done; someone else's or an unknown one is a <see cref="NotFoundException"/>.</summary>
    Task<CommandResult<long>> DeleteAsync(string list, long id, CancellationToken cancellationToken = default);
}
