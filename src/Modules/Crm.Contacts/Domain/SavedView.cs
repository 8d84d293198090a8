namespace Crm.Contacts.Domain;

/// <summary>A user's named customer-list view: search, filters and sort, stored as JSON.</summary>
internal sealed class SavedView
{
    public long Id { get; set; }

    public string OwnerUserId { get; set; } = "";

    public string Name { get; set; } = "";

    public string QueryJson { get; set; } = "{}";

    public DateTime CreatedAtUtc { get; set; }
}
