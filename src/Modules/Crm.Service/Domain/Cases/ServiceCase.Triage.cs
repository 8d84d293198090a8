using Crm.Kernel.Errors;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>Priority and tags changed while working a case (a macro's actions, bulk tagging): each change an event on the thread.</summary>
internal sealed partial class ServiceCase
{
    public const int MaxTagLength = 40;

    /// <summary>The stored length of all tags together (the column's size).</summary>
    private const int MaxTagsLength = 1000;

    /// <summary>Whether a case that is <paramref name="from"/> may move to <paramref name="to"/> (a macro checks before it acts).</summary>
    public static bool MayMove(CaseStatus from, CaseStatus to) => Next[from].Contains(to);

    /// <summary>Sets the priority. False when it was that already: nothing changes.</summary>
    public bool ChangePriority(CasePriority priority, string actorId, DateTime nowUtc)
    {
        EnsureEditable();
        if (!Enum.IsDefined(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "No such priority.");
        }

        if (priority == Priority)
        {
            return false;
        }

        var from = Priority;
        Priority = priority;
        Record(CaseEntryKind.SystemEvent, $"Priority changed from {from} to {priority}.", null, actorId, nowUtc);
        return true;
    }

    /// <summary>Why <paramref name="tag"/> cannot be added: null when it can (or the case has it already).</summary>
    public string? TagRefusal(string tag)
    {
        if (EditRefusal is { } closed)
        {
            return closed;
        }

        var trimmed = tag.Trim();
        if (trimmed.Length is 0 or > MaxTagLength || trimmed.Contains('|', StringComparison.Ordinal))
        {
            return $"A tag has 1 to {MaxTagLength} characters and no '|'.";
        }

        if (HasTag(trimmed))
        {
            return null;
        }

        return TagList.Count >= MaxTags
            ? $"Case {Number} has {MaxTags} tags already; remove one first."
            : Tags.Length + trimmed.Length + 1 > MaxTagsLength ? $"The tags of case {Number} are full; remove one first." : null;
    }

    /// <summary>Adds a tag. False when the case has it already (ignoring case): nothing changes.</summary>
    public bool AddTag(string tag, string actorId, DateTime nowUtc)
    {
        EnsureEditable();
        if (TagRefusal(tag) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        var trimmed = tag.Trim();
        if (HasTag(trimmed))
        {
            return false;
        }

        Tags = Tags.Length == 0 ? trimmed : $"{Tags}|{trimmed}";
        Record(CaseEntryKind.SystemEvent, $"Tagged \"{trimmed}\".", null, actorId, nowUtc);
        return true;
    }

    private bool HasTag(string tag) => TagList.Contains(tag, StringComparer.OrdinalIgnoreCase);
}
