namespace Crm.Contacts.Domain;

/// <summary>Who changed what on a customer and when, with old and new values (JSON), shown to Managers on the customer page.</summary>
internal sealed class ContactsAuditEntry
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public DateTime AtUtc { get; set; }

    public string ActorId { get; set; } = "";

    public string Action { get; set; } = "";

    /// <summary>JSON array of <c>{"field","old","new"}</c>.</summary>
    public string Changes { get; set; } = "[]";
}
