using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>The case's own fields as an agent corrects them: what it is about, how urgent, how it is tagged.</summary>
internal sealed record CaseFields(string Subject, string? Category, CasePriority Priority, string Tags, long? OrderId, string? ProductCode);

internal sealed partial class ServiceCase
{
    public CaseFields Fields => new(Subject, Category, Priority, Tags, OrderId, ProductCode);

    /// <summary>
    /// Sets the case's fields to <paramref name="fields"/> and writes what changed, old and new, as one event on the thread.
    /// False when nothing changed. Subject, category and tags compare as stored (the caller trims them).
    /// </summary>
    public bool Edit(CaseFields fields, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(fields);
        EnsureEditable();
        var changes = new List<string>();
        void Note<T>(string name, T before, T after, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes.Add($"{name} {show(before)} → {show(after)}");
            }
        }

        Note("subject", Subject, fields.Subject, s => $"\"{s}\"");
        Note("category", Category, fields.Category, c => c ?? "(none)");
        Note("priority", Priority, fields.Priority, p => p.ToString());
        Note("tags", Tags, fields.Tags, t => t.Length == 0 ? "(none)" : t.Replace("|", ", ", StringComparison.Ordinal));
        Note("order", OrderId, fields.OrderId, o => o?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)");
        Note("product", ProductCode, fields.ProductCode, p => p ?? "(none)");
        if (changes.Count == 0)
        {
            return false;
        }

        (Subject, Category, Priority, Tags, OrderId, ProductCode) =
            (fields.Subject, fields.Category, fields.Priority, fields.Tags, fields.OrderId, fields.ProductCode);
        Record(CaseEntryKind.SystemEvent, "Changed: " + string.Join("; ", changes) + ".", null, actorId, nowUtc);
        return true;
    }
}
