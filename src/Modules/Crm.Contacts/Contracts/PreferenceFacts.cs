using Crm.Kernel.Api;

namespace Crm.Contacts.Contracts;

/// <summary>What a remembered fact about a customer is about.</summary>
public enum PreferenceCategory
{
    /// <summary>How and when to reach them ("prefers phone after 18:00").</summary>
    Contact,

    /// <summary>Food and drink ("allergic to nuts", "vegetarian").</summary>
    Dietary,

    /// <summary>Rooms, seats, tables ("room on a high floor").</summary>
    Room,

    /// <summary>Language, tone, format ("replies in German", "no attachments").</summary>
    Communication,

    /// <summary>Personal details ("birthday 12 May", "two children").</summary>
    Personal,

    Other,
}

/// <summary>Where a remembered fact came from.</summary>
public enum PreferenceSource
{
    PhoneCall,
    Email,
    Visit,
    Agent,
    WebForm,
    Other,
}

/// <summary>
/// A customer's preference or personal detail as colleagues recorded it: what it is about, the fact itself, where it came
/// from, the day it was learnt, and who recorded it. The ETag of the API's answer is its <see cref="Version"/>.
/// </summary>
public sealed record PreferenceFactDto(
    long Id, long CustomerId, PreferenceCategory Category, string Value, PreferenceSource Source, DateOnly NotedOn,
    string RecordedBy, string RecordedByName, DateTime RecordedAtUtc, Guid Version) : IVersioned;

/// <summary>What an agent enters to record or change a fact; <see cref="NotedOn"/> defaults to today.</summary>
public sealed class PreferenceFactInput
{
    public PreferenceCategory Category { get; set; } = PreferenceCategory.Other;

    public string Value { get; set; } = "";

    public PreferenceSource Source { get; set; } = PreferenceSource.Agent;

    public DateOnly? NotedOn { get; set; }
}

/// <summary>
/// Which customers have remembered facts of a kind: what segments and offer rules select by ("every customer with a
/// Dietary fact containing 'vegan'"). Aggregated in SQL by Contacts.
/// </summary>
public interface IPreferenceFactSearch
{
    /// <summary>
    /// The ids (ascending) of the customers with at least one fact of <paramref name="category"/> (any when null) whose value
    /// contains <paramref name="containing"/> (case-insensitive; any when blank).
    /// </summary>
    Task<IReadOnlyList<long>> CustomersWithAsync(PreferenceCategory? category, string? containing, CancellationToken cancellationToken = default);
}
