using Crm.Analytics.Contracts;
using Crm.Kernel;

namespace Crm.Service.Domain.Routing;

/// <summary>What assignment rules look at when a case arrives (<paramref name="Tier"/>: the customer's tier by spend).</summary>
internal sealed record CaseFacts(string Subject, string? Category, Channel Channel, CustomerTier Tier);

/// <summary>
/// A Manager's rule that puts a new case into a queue. Every condition that is set must hold: the category (ignoring
/// case), any of the keywords in the subject (ignoring case), the customer's tier by spend at least <see cref="MinimumTier"/>, the channel.
/// </summary>
internal sealed record AssignmentRule(
    long QueueId, string? Category, IReadOnlyList<string> SubjectKeywords, CustomerTier? MinimumTier, Channel? Channel)
{
    public bool Matches(CaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return (Category is null || string.Equals(Category, facts.Category?.Trim(), StringComparison.OrdinalIgnoreCase))
            && (SubjectKeywords.Count == 0 || SubjectKeywords.Any(k => facts.Subject.Contains(k, StringComparison.OrdinalIgnoreCase)))
            && (MinimumTier is null || facts.Tier >= MinimumTier)
            && (Channel is null || Channel == facts.Channel);
    }

    /// <summary>The queue of the first rule, in the Manager's order, that the case matches; <c>null</c> when none does.</summary>
    public static long? QueueFor(IEnumerable<AssignmentRule> rulesInOrder, CaseFacts facts) =>
        rulesInOrder.FirstOrDefault(r => r.Matches(facts))?.QueueId;
}
