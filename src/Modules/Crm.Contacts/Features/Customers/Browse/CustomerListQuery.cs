using Crm.Contacts.Contracts;

namespace Crm.Contacts.Features.Customers.Browse;

/// <summary>One page of the customer list: text search plus filters, a sort and the page wanted.</summary>
internal sealed record CustomerListQuery
{
    /// <summary>Name, company, email or phone (any format).</summary>
    public string? Search { get; init; }

    public string? OwnerId { get; init; }

    public string? Tag { get; init; }

    public CustomerKind? Kind { get; init; }

    public string? City { get; init; }

    public DateTime? CreatedFromUtc { get; init; }

    public DateTime? CreatedToUtc { get; init; }

    public DateTime? LastContactFromUtc { get; init; }

    public DateTime? LastContactToUtc { get; init; }

    /// <summary>Include deactivated customers (default: only active ones).</summary>
    public bool IncludeInactive { get; init; }

    public CustomerSort Sort { get; init; } = CustomerSort.Name;

    public bool Descending { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}
