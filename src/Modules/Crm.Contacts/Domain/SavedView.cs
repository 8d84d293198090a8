namespace Crm.Contacts.Domain;

/// <summary>A user's named view of a list (customers, cases): that list's search, filters and sort, stored as JSON.</summary>
internal sealed class SavedView
{
    public long Id { get; set; }

    public string OwnerUserId { get; set; } = "";

    /// <summary>The list the view belongs to (<c>SavedViewLists</c>): each list has its own query shape.</summary>
    public string ListKey { get; set; } = "customers";

    public string Name { get; set; } = "";

    public string QueryJson { get; set; } = "{}";

    public DateTime CreatedAtUtc { get; set; }
}
