using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Service.Domain.Routing;

namespace Crm.Service.Domain.Queues;

/// <summary>
/// A Manager's assignment rule as stored: at <see cref="Position"/> in the Manager's order, it puts a new case that matches
/// every condition set (category, any subject keyword, the customer's tier at least, channel) into its queue.
/// </summary>
internal sealed class QueueRule
{
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 50;

    public long Id { get; set; }

    public int Position { get; set; }

    public long QueueId { get; set; }

    public string? Category { get; set; }

    /// <summary>Keywords joined by <c>|</c> (a keyword cannot hold one).</summary>
    public string Keywords { get; set; } = "";

    /// <summary>The customer's tier by spend must be at least this one.</summary>
    public CustomerTier? MinimumTier { get; set; }

    public Channel? Channel { get; set; }

    public IReadOnlyList<string> KeywordList => Keywords.Length == 0 ? [] : Keywords.Split('|');

    public AssignmentRule AsRule() => new(QueueId, Category, KeywordList, MinimumTier, Channel);
}

/// <summary>An agent a Manager pinned to a customer (a key-account team), at <see cref="Rank"/> 1 to 3.</summary>
internal sealed class CustomerAgentPin
{
    public const int MaxPerCustomer = 3;

    public long Id { get; set; }

    public long CustomerId { get; set; }

    public string AgentId { get; set; } = "";

    public int Rank { get; set; }
}
