using Crm.Contacts.Contracts;
using Crm.Kernel.Auditing;

namespace Crm.Contacts.Domain;

/// <summary>
/// A customer of the company: a person or a company. A person may belong to a company (and is then one of its contact
/// people). Emails and phones are stored normalised (lower-case, E.164) so duplicates and searches find them in any
/// format; the primary email, phone and city are copied onto the customer row for fast lists and search.
/// </summary>
internal sealed class Customer : AuditableEntity
{
    public long Id { get; set; }

    public CustomerKind Kind { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? CompanyName { get; set; }

    public string? JobTitle { get; set; }

    /// <summary>"First Last" for people, the company name for companies.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Upper-case, accent-free display name: what name search and sorting use (indexed).</summary>
    public string SearchName { get; set; } = "";

    /// <summary>For a person: the company they belong to.</summary>
    public long? CompanyId { get; set; }

    public string? Website { get; set; }

    public string? Industry { get; set; }

    public string? Source { get; set; }

    /// <summary>The user (normally a SalesRep) who owns the relationship.</summary>
    public string? OwnerId { get; set; }

    public string? Notes { get; set; }

    /// <summary>Id in the system the customer came from (web shop, ERP, an import). Unique when set.</summary>
    public string? ExternalId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>The customer asked not to be contacted for marketing on any channel.</summary>
    public bool DoNotContact { get; set; }

    public string? PrimaryEmail { get; set; }

    public string? PrimaryPhone { get; set; }

    public string? City { get; set; }

    public string? Country { get; set; }

    public DateTime? LastContactAtUtc { get; set; }

    public List<CustomerEmail> Emails { get; set; } = [];

    public List<CustomerPhone> Phones { get; set; } = [];

    public List<CustomerAddress> Addresses { get; set; } = [];

    public List<CustomerTag> Tags { get; set; } = [];

    public List<MarketingConsent> Consents { get; set; } = [];

    /// <summary>Deactivates or reactivates the customer (it keeps its history). False when it already is: nothing changes.</summary>
    public bool SetActive(bool active)
    {
        if (IsActive == active)
        {
            return false;
        }

        IsActive = active;
        return true;
    }

    /// <summary>
    /// Records marketing consent on <paramref name="channel"/> as given or withdrawn at <paramref name="nowUtc"/>, from
    /// <paramref name="source"/> ("eCRM" when blank); the first answer on a channel adds it. Returns what was recorded before
    /// (false when nothing was).
    /// </summary>
    public bool RecordConsent(ConsentChannel channel, bool granted, string? source, DateTime nowUtc)
    {
        var consent = Consents.SingleOrDefault(c => c.Channel == channel);
        if (consent is null)
        {
            consent = new MarketingConsent { CustomerId = Id, Channel = channel };
            Consents.Add(consent);
        }

        var before = consent.Granted;
        consent.Granted = granted;
        consent.RecordedAtUtc = nowUtc;
        consent.Source = string.IsNullOrWhiteSpace(source) ? "eCRM" : source.Trim();
        return before;
    }
}

internal sealed class CustomerEmail
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    /// <summary>Trimmed and lower-cased.</summary>
    public string Address { get; set; } = "";

    public string? Label { get; set; }
}

internal sealed class CustomerPhone
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    /// <summary>E.164, for example +441632960961.</summary>
    public string Number { get; set; } = "";

    public string? Label { get; set; }
}

internal sealed class CustomerAddress
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public string? Label { get; set; }

    public string? Street { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Region { get; set; }

    public string? Country { get; set; }
}

internal sealed class CustomerTag
{
    public long CustomerId { get; set; }

    public string Tag { get; set; } = "";
}

/// <summary>Marketing consent for one channel, with when and where it was given or withdrawn.</summary>
internal sealed class MarketingConsent
{
    public long CustomerId { get; set; }

    public ConsentChannel Channel { get; set; }

    public bool Granted { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public string Source { get; set; } = "";
}
