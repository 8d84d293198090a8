using Crm.Kernel;
using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Routing;

namespace Crm.Service.Domain.Cases;

/// <summary>
/// A customer's request, whatever channel it came in on, and everything done about it: the thread of messages, replies,
/// notes and events, its status, owner and priority. Its rules (which status may follow which, what a reply or a customer
/// message does to the status) live here.
/// </summary>
internal sealed partial class ServiceCase : AuditableEntity
{
    public const int MaxTags = 20;

    private CaseStatus status;

    private static readonly Dictionary<CaseStatus, CaseStatus[]> Next = new()
    {
        [CaseStatus.New] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingThirdParty, CaseStatus.Resolved],
        [CaseStatus.Open] = [CaseStatus.PendingCustomer, CaseStatus.PendingThirdParty, CaseStatus.Resolved],
        [CaseStatus.PendingCustomer] = [CaseStatus.Open, CaseStatus.PendingThirdParty, CaseStatus.Resolved],
        [CaseStatus.PendingThirdParty] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.Resolved],
        [CaseStatus.Resolved] = [CaseStatus.Open, CaseStatus.Closed],
        [CaseStatus.Closed] = [],
    };

    public long Id { get; set; }

    public long CustomerId { get; set; }

    public string Subject { get; set; } = "";

    public Channel Channel { get; set; }

    public string? Category { get; set; }

    public CasePriority Priority { get; set; }

    public CaseStatus Status
    {
        get => status;
        private set => (status, IsOpen) = (value, value is not (CaseStatus.Resolved or CaseStatus.Closed));
    }

    /// <summary>
    /// Not resolved or closed: stored with the status so the lists' indexes can lead with it (SQLite uses an index for an
    /// equality, not for "status is not one of").
    /// </summary>
    public bool IsOpen { get; private set; }

    public string? OwnerId { get; private set; }

    /// <summary>The queue the case waits in or is worked from.</summary>
    public long? QueueId { get; private set; }

    /// <summary>The agent who served the customer last when the case arrived, even when routing gave it to someone else.</summary>
    public string? PreferredAgentId { get; private set; }

    /// <summary>Tags in the order given, distinct ignoring case, joined by <c>|</c> (a tag cannot hold one).</summary>
    public string Tags { get; set; } = "";

    public long? OrderId { get; set; }

    public string? ProductCode { get; set; }

    public DateTime OpenedAtUtc { get; private set; }

    /// <summary>When an agent first replied publicly: internal notes and status changes do not count.</summary>
    public DateTime? FirstRespondedAtUtc { get; private set; }

    public DateTime? ResolvedAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public DateTime LastActivityAtUtc { get; private set; }

    public List<CaseEntry> Thread { get; } = [];

    /// <summary>The number the customer sees: <c>CS-000123</c>.</summary>
    public string Number => NumberOf(Id);

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split('|');

    public static string NumberOf(long id) => $"CS-{id:D6}";

    /// <summary>The id in a case number (<c>CS-000123</c>, <c>cs-123</c> or <c>123</c>), or null when it is none.</summary>
    public static long? IdOf(string number)
    {
        var text = number.Trim();
        if (text.StartsWith("CS-", StringComparison.OrdinalIgnoreCase))
        {
            text = text[3..];
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    /// <summary>A new case with the customer's request as the first entry of its thread.</summary>
    public static ServiceCase Open(
        long customerId, string subject, string? description, Channel channel, CasePriority priority, string actorId, DateTime nowUtc)
    {
        var opened = new ServiceCase
        {
            CustomerId = customerId,
            Subject = subject,
            Channel = channel,
            Priority = priority,
            Status = CaseStatus.New,
            OpenedAtUtc = nowUtc,
            LastActivityAtUtc = nowUtc,
        };
        if (description is not null)
        {
            opened.Thread.Add(CaseEntry.Write(CaseEntryKind.CustomerMessage, description, channel, actorId, nowUtc));
        }

        opened.Thread.Add(CaseEntry.Write(CaseEntryKind.SystemEvent, $"Opened on {channel}.", null, actorId, nowUtc));
        return opened;
    }

    /// <summary>The statuses the case may move to from where it stands.</summary>
    public IReadOnlyList<CaseStatus> NextStatuses => Next[Status];

    /// <summary>Why the case takes no more replies, notes or assignments: null unless it is closed.</summary>
    public string? EditRefusal => Status == CaseStatus.Closed
        ? $"Case {Number} is closed. Open a new case for the customer; it can name this one."
        : null;

    /// <summary>Why the case cannot move to <paramref name="status"/>: null when it can.</summary>
    public string? StatusRefusal(CaseStatus status) =>
        status == Status ? null
        : Next[Status].Contains(status) ? null
        : $"A case that is {CaseStatusNames.Of(Status)} cannot become {CaseStatusNames.Of(status)}; it can become {(Next[Status].Length == 0 ? "nothing else" : string.Join(", ", Next[Status].Select(CaseStatusNames.Of)))}.";

    /// <summary>Moves the case to <paramref name="status"/>. False when it was there already: nothing changes.</summary>
    public bool ChangeStatus(CaseStatus status, string actorId, DateTime nowUtc)
    {
        if (StatusRefusal(status) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        if (status == Status)
        {
            return false;
        }

        var from = Status;
        if (from == CaseStatus.Resolved && status == CaseStatus.Open)
        {
            ReopenCount++;
        }

        Status = status;
        ResolvedAtUtc = status switch
        {
            CaseStatus.Resolved => nowUtc,
            CaseStatus.Closed => ResolvedAtUtc,
            _ => null,
        };
        ClosedAtUtc = status == CaseStatus.Closed ? nowUtc : null;
        Record(CaseEntryKind.SystemEvent, $"Status changed from {CaseStatusNames.Of(from)} to {CaseStatusNames.Of(status)}.", null, actorId, nowUtc).MarkStatus(status);
        return true;
    }

    /// <summary>
    /// An agent's public reply. The first one is the first response; a reply to a new case opens it. Returns the entry.
    /// </summary>
    public CaseEntry Reply(string body, string agentId, DateTime nowUtc)
    {
        EnsureEditable();
        FirstRespondedAtUtc ??= nowUtc;
        var entry = Record(CaseEntryKind.PublicReply, body, Channel, agentId, nowUtc);
        if (Status == CaseStatus.New)
        {
            ChangeStatus(CaseStatus.Open, agentId, nowUtc);
        }

        return entry;
    }

    /// <summary>An internal note: for colleagues only, it changes neither the status nor the response times.</summary>
    public CaseEntry Note(string body, string agentId, DateTime nowUtc)
    {
        EnsureEditable();
        return Record(CaseEntryKind.InternalNote, body, null, agentId, nowUtc);
    }

    /// <summary>Hands the case to <paramref name="ownerId"/> (null: unassigned); the caller checked they may own cases. False when unchanged.</summary>
    public bool AssignTo(string? ownerId, string? ownerName, string actorId, DateTime nowUtc)
    {
        EnsureEditable();
        if (ownerId == OwnerId)
        {
            return false;
        }

        OwnerId = ownerId;
        Record(CaseEntryKind.SystemEvent, ownerId is null ? "Unassigned." : $"Assigned to {ownerName ?? ownerId}.", null, actorId, nowUtc);
        return true;
    }

    /// <summary>
    /// Puts the case into <paramref name="queueName"/> and applies routing's <paramref name="decision"/>: the agent it
    /// chose, if any, the preferred agent, and why, as an event on the thread.
    /// </summary>
    public void Route(long queueId, string queueName, RoutingDecision decision, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(decision);
        EnsureEditable();
        QueueId = queueId;
        PreferredAgentId = decision.PreferredAgentId;
        if (decision.AgentId is { } agentId)
        {
            OwnerId = agentId;
        }

        Record(CaseEntryKind.SystemEvent, $"Queued in {queueName}. {decision.Explain()}", null, actorId, nowUtc);
    }

    /// <summary>Puts the case into <paramref name="queueName"/> without routing (its owner was chosen by hand).</summary>
    public void EnterQueue(long queueId, string queueName, string actorId, DateTime nowUtc)
    {
        EnsureEditable();
        QueueId = queueId;
        Record(CaseEntryKind.SystemEvent, $"Queued in {queueName}.", null, actorId, nowUtc);
    }

    private CaseEntry Record(CaseEntryKind kind, string body, Channel? channel, string actorId, DateTime nowUtc)
    {
        var entry = CaseEntry.Write(kind, body, channel, actorId, nowUtc);
        Thread.Add(entry);
        LastActivityAtUtc = nowUtc;
        return entry;
    }

    private void EnsureEditable()
    {
        if (EditRefusal is { } refusal)
        {
            throw new ConflictException(refusal);
        }
    }
}

/// <summary>One entry of a case's thread. Entries are never changed or deleted: the thread is the case's record.</summary>
internal sealed class CaseEntry
{
    public const int MaxBodyLength = 20_000;

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    public CaseEntryKind Kind { get; private set; }

    public string Body { get; private set; } = "";

    /// <summary>The channel a customer message came in on or a public reply went out on.</summary>
    public Channel? Channel { get; private set; }

    public string AuthorId { get; private set; } = "";

    public DateTime AtUtc { get; private set; }

    /// <summary>For a status change: the status the case moved to (the SLA clock reads it).</summary>
    public CaseStatus? Status { get; private set; }

    /// <summary>The knowledge-base article a public reply quoted, with <see cref="ArticleRevision"/>, the revision quoted.</summary>
    public long? ArticleId { get; private set; }

    public int? ArticleRevision { get; private set; }

    /// <summary>
    /// The "is this really you?" code that went out with a public reply (<c>K7QM-XW3P</c>, issued by Contacts), shown to the
    /// agent in the thread so it can be read out or put in the message.
    /// </summary>
    public string? VerificationCode { get; private set; }

    /// <summary>Records the code a public reply being written goes out with; an entry once stored never changes.</summary>
    public CaseEntry WithVerificationCode(string code)
    {
        if (Id != 0 || Kind != CaseEntryKind.PublicReply)
        {
            throw new InvalidOperationException("Only a public reply being written carries a verification code.");
        }

        VerificationCode = code;
        return this;
    }

    /// <summary>Records the article revision a reply being written quotes; an entry once stored never changes.</summary>
    public CaseEntry Quoting(long articleId, int revision)
    {
        if (Id != 0 || Kind != CaseEntryKind.PublicReply)
        {
            throw new InvalidOperationException("Only a public reply being written can name the article it quotes.");
        }

        (ArticleId, ArticleRevision) = (articleId, revision);
        return this;
    }

    public static CaseEntry Write(CaseEntryKind kind, string body, Channel? channel, string authorId, DateTime atUtc) =>
        new() { Kind = kind, Body = body, Channel = channel, AuthorId = authorId, AtUtc = atUtc };

    public CaseEntry MarkStatus(CaseStatus status)
    {
        Status = status;
        return this;
    }
}
