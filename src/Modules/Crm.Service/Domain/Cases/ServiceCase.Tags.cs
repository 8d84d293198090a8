using Crm.Kernel.Errors;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>Tagging a case after it opened: one tag at a time, recorded on the thread like any other change.</summary>
internal sealed partial class ServiceCase
{
    public const int MaxTagLength = 40;

    /// <summary>Why <paramref name="tag"/> cannot be added to the case: null when it can (or the case carries it already).</summary>
    public string? TagRefusal(string tag)
    {
        if (EditRefusal is { } refusal)
        {
            return refusal;
        }

        return HasTag(tag) || TagList.Count < MaxTags ? null : $"Case {Number} has {MaxTags} tags already, the most a case carries.";
    }

    /// <summary>Adds <paramref name="tag"/> (trimmed) to the case's tags. False when the case carries it already (ignoring case): nothing changes.</summary>
    public bool AddTag(string tag, string actorId, DateTime nowUtc)
    {
        tag = tag.Trim();
        if (tag.Length is 0 or > MaxTagLength || tag.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A tag has 1 to {MaxTagLength} characters and no '|'.", nameof(tag));
        }

        if (TagRefusal(tag) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        if (HasTag(tag))
        {
            return false;
        }

        Tags = Tags.Length == 0 ? tag : $"{Tags}|{tag}";
        Record(CaseEntryKind.SystemEvent, $"Tagged \"{tag}\".", null, actorId, nowUtc);
        return true;
    }

    private bool HasTag(string tag) => TagList.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase);
}
