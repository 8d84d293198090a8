using Crm.Kernel.Auditing;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Queues;

/// <summary>
/// A queue of cases ("Returns", "Technical", "VIP"): its members are the agents who work it, its supervisor hears of its
/// SLA warnings, and its strategy picks the agent of a new case when no preferred agent takes it. At most one queue is
/// the default, where new cases without a queue land.
/// </summary>
internal sealed class ServiceQueue : AuditableEntity
{
    public const int MaxMembers = 200;

    public long Id { get; set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public RoutingStrategy Strategy { get; private set; }

    public string? SupervisorId { get; private set; }

    public bool IsDefault { get; set; }

    /// <summary>The queue's working calendar (a business calendar); SLA policies that say so measure the queue's cases by it.</summary>
    public long? CalendarId { get; set; }

    public bool IsActive { get; private set; } = true;

    public List<QueueMember> Members { get; } = [];

    public static ServiceQueue Create(string name, string? description, RoutingStrategy strategy, string? supervisorId)
    {
        var queue = new ServiceQueue();
        queue.Edit(name, description, strategy, supervisorId);
        return queue;
    }

    public void Edit(string name, string? description, RoutingStrategy strategy, string? supervisorId)
    {
        Name = name.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Strategy = strategy;
        SupervisorId = supervisorId;
    }

    /// <summary>Makes <paramref name="agentIds"/> the members, keeping the rows of those who stay.</summary>
    public void SetMembers(IEnumerable<string> agentIds)
    {
        var wanted = agentIds.Distinct(StringComparer.Ordinal).ToList();
        Members.RemoveAll(m => !wanted.Contains(m.AgentId, StringComparer.Ordinal));
        foreach (var agentId in wanted.Where(a => Members.All(m => m.AgentId != a)))
        {
            Members.Add(new QueueMember { AgentId = agentId });
        }
    }

    /// <summary>A deactivated queue takes no new cases; the cases in it stay where they are.</summary>
    public void SetActive(bool active)
    {
        IsActive = active;
        if (!active)
        {
            IsDefault = false;
        }
    }
}

/// <summary>An agent who works a queue.</summary>
internal sealed class QueueMember
{
    public long Id { get; set; }

    public long QueueId { get; set; }

    public string AgentId { get; set; } = "";
}
