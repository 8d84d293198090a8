using System.Text.Json;
using Crm.Contacts.Domain;

namespace Crm.Contacts.Features.Shared;

/// <summary>Turns two snapshots of a customer into an audit entry of the fields that changed, with old and new values.</summary>
internal static class AuditTrail
{
    public sealed record FieldChange(string Field, string? Old, string? New);

    public static IReadOnlyDictionary<string, string?> Snapshot(Customer c) => new Dictionary<string, string?>
    {
        ["Kind"] = c.Kind.ToString(),
        ["FirstName"] = c.FirstName,
        ["LastName"] = c.LastName,
        ["CompanyName"] = c.CompanyName,
        ["JobTitle"] = c.JobTitle,
        ["CompanyId"] = c.CompanyId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emails"] = string.Join(", ", c.Emails.Select(e => e.Address)),
        ["Phones"] = string.Join(", ", c.Phones.Select(p => p.Number)),
        ["Address"] = c.Addresses.FirstOrDefault() is { } a ? string.Join(", ", new[] { a.Street, a.PostalCode, a.City, a.Region, a.Country }.Where(x => !string.IsNullOrEmpty(x))) : null,
        ["Website"] = c.Website,
        ["Industry"] = c.Industry,
        ["Source"] = c.Source,
        ["Tags"] = string.Join(", ", c.Tags.Select(t => t.Tag).Order()),
        ["OwnerId"] = c.OwnerId,
        ["Notes"] = c.Notes,
        ["ExternalId"] = c.ExternalId,
        ["IsActive"] = c.IsActive.ToString(),
        ["DoNotContact"] = c.DoNotContact.ToString(),
    };

    public static ContactsAuditEntry? Entry(long customerId, string action, string actorId, DateTime atUtc,
        IReadOnlyDictionary<string, string?>? before, IReadOnlyDictionary<string, string?> after)
    {
        var changes = after
            .Where(kv => before is null ? !string.IsNullOrEmpty(kv.Value) : !string.Equals(before.GetValueOrDefault(kv.Key) ?? "", kv.Value ?? "", StringComparison.Ordinal))
            .Select(kv => new FieldChange(kv.Key, before?.GetValueOrDefault(kv.Key), kv.Value))
            .ToList();
        return before is not null && changes.Count == 0
            ? null
            : new ContactsAuditEntry
            {
                CustomerId = customerId,
                Action = action,
                ActorId = actorId,
                AtUtc = atUtc,
                Changes = JsonSerializer.Serialize(changes),
            };
    }

    public static IReadOnlyList<FieldChange> Read(string json) => JsonSerializer.Deserialize<List<FieldChange>>(json) ?? [];
}
