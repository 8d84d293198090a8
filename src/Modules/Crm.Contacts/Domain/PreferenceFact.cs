using Crm.Contacts.Contracts;
using Crm.Kernel.Auditing;

namespace Crm.Contacts.Domain;

/// <summary>
/// A preference or personal detail of a customer that every later contact should know ("allergic to nuts", "room on a high
/// floor", "prefers phone after 18:00"): a category, the fact, where it came from and the day it was learnt. Who recorded it
/// is <see cref="AuditableEntity.CreatedBy"/>.
/// </summary>
internal sealed class PreferenceFact : AuditableEntity
{
    public const int MaxValueLength = 500;

    public long Id { get; set; }

    public long CustomerId { get; set; }

    public PreferenceCategory Category { get; set; }

    public string Value { get; set; } = "";

    public PreferenceSource Source { get; set; }

    public DateOnly NotedOn { get; set; }

    /// <summary>A new fact from a validated input; the day it was learnt defaults to <paramref name="today"/>.</summary>
    public static PreferenceFact Record(long customerId, PreferenceFactInput input, DateOnly today)
    {
        var fact = new PreferenceFact { CustomerId = customerId };
        fact.Apply(input, today);
        return fact;
    }

    /// <summary>Replaces the fact with a validated correction; without a day, the recorded one stays.</summary>
    public void Change(PreferenceFactInput input) => Apply(input, NotedOn);

    /// <summary>
    /// Why <paramref name="actorId"/> may not change or remove this fact: null for whoever may edit the customer and for the
    /// person who recorded it; an agent leaves colleagues' facts alone.
    /// </summary>
    public string? ChangeRefusal(string actorId, bool mayEditCustomer) => mayEditCustomer || CreatedBy == actorId
        ? null
        : "Only the person who recorded this fact, the customer's owner, a Manager or an Admin may change or remove it.";

    private void Apply(PreferenceFactInput input, DateOnly defaultDay)
    {
        Category = input.Category;
        Value = input.Value.Trim();
        Source = input.Source;
        NotedOn = input.NotedOn ?? defaultDay;
    }
}
